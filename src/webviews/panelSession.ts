import { createHash } from 'node:crypto';
import type { Logger } from '../shared/logger';
import type { CommonPageMessage, CspViolationMessage, FieldErrors, HostMessage, SnapshotReason } from './protocol';
import type { Outcome } from './validate';

/** What a handler tells the page after a request. */
export type HandlerResult =
  | { ok: true; message?: string }
  | { ok: false; message: string; fieldErrors?: FieldErrors };

/** Thrown by handlers (or the services they call) to put an error next to a field. */
export class FieldError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'FieldError';
  }
}

/** A request the page may send: every non-common message carries an id, edits also a version. */
export interface PanelRequest {
  type: string;
  requestId: number;
  version?: string;
}

/**
 * One kind of panel, free of `vscode` so it runs under plain mocha: how to load the object, how to
 * validate page messages, and how to carry out requests through the capability's services.
 */
export interface PanelLogic<V, M extends PanelRequest, L = never> {
  /** Word for the object in messages ("registry", "container"). */
  readonly noun: string;
  validate(raw: unknown): Outcome<M | CommonPageMessage>;
  /** The object's current view, or undefined when it no longer exists. Never throws for "not found". */
  load(id: string): Promise<V | undefined>;
  handle(message: M, context: { id: string; view: V }): Promise<HandlerResult>;
  /**
   * Optional data read live (engine state, a registry's repository count). Fetched after the
   * snapshot is posted so a slow engine never delays the panel; never stored, never versioned.
   */
  live?(id: string, view: V): Promise<L>;
  /**
   * Optional live figures that keep coming while the page is shown (a container's CPU and memory): started
   * after the first live answer, stopped when the panel is hidden or closed, restarted with the next answer.
   * `post` sends a fresh live value; undefined when there is nothing to follow (a stopped container).
   */
  follow?(id: string, view: V, live: L, post: (live: L) => void): { close(): void } | undefined;
  /** The panel's tab title. */
  title(view: V): string;
  /** The part of the view that edits are based on; live data (engine state) is left out so it never causes conflicts. */
  versioned?(view: V): unknown;
}

export interface SessionTransport<V, L = never> {
  post(message: HostMessage<V, L>): void;
  /** Close the panel: the object is gone. */
  close(message: string): void;
  setTitle(title: string): void;
  log: Logger;
}

export interface SessionCounters {
  accepted: number;
  rejected: number;
  /** Resources the page's CSP blocked (reported by the page itself). */
  cspViolations: number;
  /** Live feeds running now (0 or 1): none while the panel is hidden. */
  liveFeeds: number;
}

function isRequest(m: { type: string }): m is PanelRequest {
  return m.type !== 'ready' && m.type !== 'reload' && m.type !== 'cspViolation';
}

/**
 * The extension side of one open panel. It posts nothing until the page says `ready`, validates
 * every message before use (rejects are logged and answered with an error reply when they carry a
 * request id, never executed), refuses edits based on
 * an older version, and reloads when the catalog changes.
 */
export class PanelSession<V, M extends PanelRequest, L = never> {
  private ready = false;
  private busy = 0;
  private changedWhileBusy: 'none' | 'local' | 'external' = 'none';
  private view: V | undefined;
  private version = '';
  private disposed = false;
  private liveGeneration = 0;
  readonly counters: SessionCounters = { accepted: 0, rejected: 0, cspViolations: 0, liveFeeds: 0 };
  private feed: { close(): void } | undefined;

  constructor(
    private readonly logic: PanelLogic<V, M, L>,
    readonly id: string,
    private readonly transport: SessionTransport<V, L>,
  ) {}

  /** Loads once at open/restore time; undefined when the object does not exist. Gives the initial title. */
  async probe(): Promise<string | undefined> {
    const view = await this.logic.load(this.id);
    return view === undefined ? undefined : this.logic.title(view);
  }

  async receive(raw: unknown): Promise<void> {
    if (this.disposed) return;
    const outcome = this.logic.validate(raw);
    if (!outcome.ok) {
      this.counters.rejected++;
      this.transport.log.warn(`${this.logic.noun} panel ${this.id}: rejected a message from the page (${outcome.error})`);
      // Refused, never executed; but a page waiting on this request id gets an answer, or it would
      // wait forever with its buttons disabled (a name the YAML import took used to freeze it).
      if (outcome.requestId !== undefined && this.ready) {
        this.post({ type: 'reply', requestId: outcome.requestId, ok: false, message: `Refused, nothing was changed: ${outcome.error}.` });
      }
      return;
    }
    this.counters.accepted++;
    const message = outcome.message;
    if (message.type === 'ready') {
      this.ready = true;
      await this.refresh('initial');
      return;
    }
    if (message.type === 'reload') {
      await this.refresh('reload');
      return;
    }
    if (message.type === 'cspViolation') {
      const v = message as CspViolationMessage;
      this.counters.cspViolations++;
      this.transport.log.error(`${this.logic.noun} panel ${this.id}: the page's CSP blocked ${v.blocked.slice(0, 200)} (${v.directive})`);
      return;
    }
    // Requests before `ready` cannot happen with our page; a page that does it is not trusted.
    if (!this.ready || !isRequest(message)) {
      this.counters.rejected++;
      this.transport.log.warn(`${this.logic.noun} panel ${this.id}: request before ready, ignored`);
      return;
    }
    await this.request(message as M);
  }

  /** The object as last loaded from the catalog (what the page shows). */
  get current(): V | undefined {
    return this.view;
  }

  /** The page went away (panel hidden: the webview is destroyed without retainContextWhenHidden). */
  hidden(): void {
    this.ready = false;
    this.stopFeed();
  }

  dispose(): void {
    this.disposed = true;
    this.ready = false;
    this.stopFeed();
  }

  private stopFeed(): void {
    this.feed?.close();
    this.feed = undefined;
    this.counters.liveFeeds = 0;
  }

  /** The catalog changed, here or in another process. */
  async catalogChanged(external: boolean): Promise<void> {
    if (this.disposed) return;
    if (this.busy > 0) {
      if (external || this.changedWhileBusy === 'none') this.changedWhileBusy = external ? 'external' : 'local';
      return;
    }
    // Not visible: the page will send `ready` again when shown, and gets fresh data then.
    if (!this.ready) return;
    await this.refresh(external ? 'external' : 'local', true);
  }

  private async request(message: M): Promise<void> {
    this.busy++;
    let result: HandlerResult & { conflict?: boolean };
    try {
      const current = await this.logic.load(this.id);
      if (current === undefined) {
        result = { ok: false, message: `This ${this.logic.noun} no longer exists.` };
      } else if (message.version !== undefined && message.version !== this.versionOf(current)) {
        result = {
          ok: false,
          conflict: true,
          message: `This ${this.logic.noun} was changed elsewhere since you started editing. Nothing was saved; reload to see the current values.`,
        };
      } else {
        result = await this.logic.handle(message, { id: this.id, view: current });
      }
    } catch (e) {
      result = e instanceof FieldError
        ? { ok: false, message: e.message, fieldErrors: { [e.field]: e.message } }
        : { ok: false, message: e instanceof Error ? e.message : String(e) };
      this.transport.log.error(`${this.logic.noun} panel ${this.id}: ${message.type} failed: ${result.message}`);
    } finally {
      this.busy--;
    }
    this.post({ type: 'reply', requestId: message.requestId, ...result });
    const pending = this.changedWhileBusy;
    this.changedWhileBusy = 'none';
    if (result.ok || pending !== 'none') await this.refresh(pending === 'external' ? 'external' : 'saved', true);
  }

  private versionOf(view: V): string {
    const data = this.logic.versioned ? this.logic.versioned(view) : view;
    return createHash('sha256').update(JSON.stringify(data) ?? '').digest('hex').slice(0, 32);
  }

  /** Loads and posts the object; closes the panel if it is gone. `onlyIfChanged` skips a post when nothing moved. */
  private async refresh(reason: SnapshotReason, onlyIfChanged = false): Promise<void> {
    let view: V | undefined;
    try {
      view = await this.logic.load(this.id);
    } catch (e) {
      this.transport.log.error(`${this.logic.noun} panel ${this.id}: load failed: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (this.disposed) return;
    if (view === undefined) {
      const message = `This ${this.logic.noun} no longer exists in the catalog; its panel was closed.`;
      if (this.ready) this.post({ type: 'gone', message });
      this.dispose();
      this.transport.close(message);
      return;
    }
    const version = this.versionOf(view);
    const same = version === this.version && JSON.stringify(view) === JSON.stringify(this.view);
    this.view = view;
    this.version = version;
    this.transport.setTitle(this.logic.title(view));
    if (!this.ready) return;
    if (onlyIfChanged && same) {
      // An action that changed only live state (start, stop) still needs fresh live data.
      if (reason === 'saved') this.fetchLive(view);
      return;
    }
    this.post({ type: 'snapshot', view, version, reason });
    this.fetchLive(view);
  }

  private fetchLive(view: V): void {
    if (this.logic.live) {
      const generation = ++this.liveGeneration;
      this.logic.live(this.id, view).then(
        (live) => {
          // A newer snapshot asked again meanwhile: its answer wins.
          if (generation !== this.liveGeneration || !this.ready) return;
          this.post({ type: 'live', live });
          this.stopFeed();
          const feed = this.logic.follow?.(this.id, view, live, (next) => {
            if (this.ready && this.feed === feed) this.post({ type: 'live', live: next });
          });
          this.feed = feed;
          this.counters.liveFeeds = feed ? 1 : 0;
        },
        (e: unknown) => this.transport.log.warn(`${this.logic.noun} panel ${this.id}: live data failed: ${e instanceof Error ? e.message : String(e)}`),
      );
    }
  }

  private post(message: HostMessage<V, L>): void {
    if (!this.disposed) this.transport.post(message);
  }
}
