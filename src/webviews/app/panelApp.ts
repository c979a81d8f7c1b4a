import type { FieldErrors, HostMessage, PageState, ReplyMessage, SnapshotMessage } from '../protocol';
import { h, replaceContent } from './dom';
import { listen, loadState, request, saveState, send } from './host';

/** What one panel's page supplies; the app handles messages, drafts, conflicts and banners. */
export interface PageSpec<V, L, D> {
  /** The editable part of the view, as the draft starts out. */
  draftOf(view: V): D;
  /**
   * What of a draft may be kept in webview state, which VS Code writes to disk (a URL's password must
   * not be). The draft itself stays as typed until it is saved or dropped.
   */
  persistable?(draft: D): D;
  render(ctx: RenderContext<V, L, D>): Node[];
  /**
   * Live values that keep coming (a container's CPU every second) may be shown in place: true when the page
   * was updated without a re-render, so a form being typed in keeps its caret.
   */
  updateLive?(previous: L | undefined, next: L): boolean;
  /** The banner over a refusal whose reasons are shown next to fields (a panel that creates rather than saves words it so). */
  fieldErrorsNote?: string;
}

export interface Banner {
  kind: 'info' | 'warning' | 'error';
  text: string;
  /** Offer "Reload" (drop edits, show the catalog's current values). */
  reload?: boolean;
}

export interface RenderContext<V, L, D> {
  view: V;
  live: L | undefined;
  draft: D;
  dirty: boolean;
  errors: FieldErrors;
  busy: boolean;
  tab: string | undefined;
  /** Changes the draft (kept in webview state); rerenders only when asked, so typing keeps its caret. */
  edit(patch: Partial<D>, rerender?: boolean): void;
  discard(): void;
  setTab(tab: string): void;
  /** Sends a request; `edit` requests carry the draft's base version so stale edits are refused. */
  run(message: { type: string; [k: string]: unknown }, options?: { edit?: boolean }): Promise<ReplyMessage>;
}

export function startPanel<V, L, D>(spec: PageSpec<V, L, D>): void {
  const root = document.getElementById('app') as HTMLElement;
  const id = document.body.dataset.objectId ?? '';
  const state: PageState<D> = loadState<D>(id);
  const persist = (): void => saveState(state.draft !== undefined && spec.persistable ? { ...state, draft: spec.persistable(state.draft) } : state);
  // Saved right away: the serializer restores this panel after a reload from this id alone.
  persist();

  let snapshot: SnapshotMessage<V> | undefined;
  let live: L | undefined;
  let banner: Banner | undefined;
  let errors: FieldErrors = {};
  let busy = false;
  let gone: string | undefined;

  const isDirty = (): boolean => !!snapshot && state.draft !== undefined && JSON.stringify(state.draft) !== JSON.stringify(spec.draftOf(snapshot.view));

  const ctx = (): RenderContext<V, L, D> => {
    const view = (snapshot as SnapshotMessage<V>).view;
    return {
      view,
      live,
      // Getters: event handlers created at render time must see what the user typed since.
      get draft() {
        return state.draft ?? spec.draftOf(view);
      },
      get dirty() {
        return isDirty();
      },
      errors,
      busy,
      tab: state.tab,
      edit(patch, rerender = false) {
        if (state.draft === undefined) state.draftVersion = snapshot?.version;
        state.draft = { ...(state.draft ?? spec.draftOf(view)), ...patch };
        for (const k of Object.keys(patch)) delete errors[k];
        persist();
        if (rerender) render();
        else followDirty();
      },
      discard() {
        dropDraft();
        errors = {};
        banner = undefined;
        render();
      },
      setTab(tab) {
        state.tab = tab;
        persist();
      },
      async run(message, options = {}) {
        busy = true;
        banner = undefined;
        render();
        const payload = options.edit ? { ...message, version: state.draftVersion ?? snapshot?.version } : message;
        const reply = await request(payload);
        busy = false;
        if (reply.ok) {
          errors = {};
          if (options.edit) dropDraft();
          banner = reply.message ? { kind: 'info', text: reply.message } : undefined;
        } else {
          errors = reply.fieldErrors ?? {};
          // A field error is shown next to its field; the banner only says nothing was saved.
          const text = Object.keys(errors).length ? spec.fieldErrorsNote ?? 'Nothing was saved: see the message next to the field.' : reply.message ?? 'The request failed.';
          banner = { kind: reply.conflict ? 'warning' : 'error', text, reload: reply.conflict };
        }
        render();
        return reply;
      },
    };
  };

  function dropDraft(): void {
    delete state.draft;
    delete state.draftVersion;
    persist();
  }

  function bannerNode(): Node | null {
    if (gone) return h('div', { class: 'banner error', attrs: { role: 'alert' } }, gone);
    if (!banner) return null;
    const b = banner;
    return h(
      'div',
      { class: `banner ${b.kind}`, attrs: { role: b.kind === 'info' ? 'status' : 'alert' } },
      h('span', {}, b.text),
      b.reload
        ? h('vscode-button', {
            id: 'banner-reload',
            attrs: { secondary: true },
            on: { click: () => { dropDraft(); errors = {}; banner = undefined; send({ type: 'reload' }); } },
          }, 'Reload (discard my edits)')
        : null,
      h('vscode-button', {
        id: 'banner-dismiss',
        attrs: { secondary: true, 'aria-label': 'Dismiss message' },
        on: { click: () => { banner = undefined; render(); } },
      }, 'Dismiss'),
    );
  }

  /**
   * Buttons that only make sense with unsaved edits (Revert) follow typing at once: a re-render would
   * take the caret away, and without this they stayed disabled until something else re-rendered.
   */
  function followDirty(): void {
    const enabled = !busy && isDirty();
    for (const el of root.querySelectorAll<HTMLElement & { disabled: boolean }>('[data-enabled-when-dirty]')) el.disabled = !enabled;
  }

  function render(): void {
    if (!snapshot) return;
    root.setAttribute('aria-busy', busy ? 'true' : 'false');
    root.classList.toggle('gone', !!gone);
    replaceContent(root, [bannerNode(), ...spec.render(ctx())].filter((n): n is Node => n !== null));
  }

  function onSnapshot(message: SnapshotMessage<V>): void {
    const previous = snapshot;
    snapshot = message;
    if (message.reason === 'saved' && state.draft !== undefined) {
      // Our own save landed (its reply came just before): what the user typed since builds on it.
      state.draftVersion = message.version;
      persist();
    }
    if (message.reason === 'reload') {
      dropDraft();
      errors = {};
      banner = undefined;
    } else if ((message.reason === 'external' || message.reason === 'local') && previous) {
      const where = message.reason === 'external' ? 'in another window' : 'outside this panel';
      banner = isDirty()
        ? { kind: 'warning', reload: true, text: `This object was changed ${where}. Your unsaved edits are kept, but saving them will be refused until you reload.` }
        : { kind: 'info', text: `This object was changed ${where}; the panel shows the current values.` };
      if (!isDirty()) dropDraft();
    } else if (message.reason === 'initial' && state.draft !== undefined && state.draftVersion !== message.version) {
      banner = { kind: 'warning', reload: true, text: 'This object changed since you started editing. Your unsaved edits are kept; reload to see the current values.' };
    }
    render();
  }

  let answered = false;
  listen<V, L>((message: HostMessage<V, L>) => {
    if (message.type === 'snapshot' || message.type === 'gone') answered = true;
    switch (message.type) {
      case 'snapshot':
        onSnapshot(message);
        break;
      case 'live': {
        const previous = live;
        live = message.live;
        if (!snapshot || !spec.updateLive?.(previous, live)) render();
        break;
      }
      case 'gone':
        gone = message.message;
        render();
        break;
    }
  });
  // A page's first message can be lost while the webview's channel is still being set up (seen in
  // code-server under load: the panel stayed empty), so `ready` is repeated until the host answers.
  send({ type: 'ready' });
  let tries = 0;
  const retry = setInterval(() => {
    if (answered || ++tries > 30) clearInterval(retry);
    else send({ type: 'ready' });
  }, 1000);
}
