import type { IncomingMessage } from 'node:http';
import type WebSocket from 'ws';
import type { EngineConnection } from './engineConnection';

/** What an engine event means for the catalog: one container to re-read, or something wider. */
export type EngineEvent =
  | { readonly kind: 'container'; readonly name: string }
  /** An image, network, volume, profile…, or a rename: worth one full (diffing) sync. */
  | { readonly kind: 'other'; readonly what: string };

export interface EventStreamHandlers {
  onEvent(e: EngineEvent): void;
  /** The stream is (again) listening: whatever happened before may have been missed. */
  onConnected(): void;
  /** The stream broke; it reconnects by itself after a delay. */
  onDisconnected?(reason: string): void;
}

export interface EventStreamOptions {
  /** First reconnect delay; doubles after each failure up to `maxDelayMs`. */
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
}

/** Runtime chatter that changes nothing the catalog stores. */
const IGNORED_DOCKER = /^(exec_|attach|top|resize|health_status|export|copy|archive-path|extract-to-dir|checkpoint|sync|mount|unmount|cleanup|init)/;

/**
 * Follows an engine's event stream (Docker/Podman `GET /events`, LXD `/1.0/events?type=lifecycle`
 * over a WebSocket) and reconnects with backoff whenever it breaks. `open` gives a fresh connection
 * per attempt; `close()` ends it all.
 */
export function watchEngineEvents(
  open: () => Promise<EngineConnection>,
  h: EventStreamHandlers,
  opts: EventStreamOptions = {},
): { close(): void } {
  const min = opts.minDelayMs ?? 500;
  const max = opts.maxDelayMs ?? 30_000;
  let delay = min;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: { close(): void } | undefined;

  const retry = (reason: string): void => {
    current?.close();
    current = undefined;
    if (closed) return;
    h.onDisconnected?.(reason);
    timer = setTimeout(() => void attempt(), delay);
    delay = Math.min(max, delay * 2);
  };
  const attempt = async (): Promise<void> => {
    timer = undefined;
    let conn: EngineConnection;
    try {
      conn = await open();
    } catch (err) {
      return retry((err as Error).message);
    }
    if (closed) return conn.close();
    let ended = false;
    const end = (reason: string): void => {
      if (ended) return;
      ended = true;
      conn.close();
      retry(reason);
    };
    const connected = (): void => {
      if (ended || closed) return;
      delay = min;
      h.onConnected();
    };
    current = {
      close: () => {
        ended = true;
        stop();
        conn.close();
      },
    };
    const stop = conn.kind === 'lxd' ? followLxd(conn.lxd.lifecycleEvents(), h, connected, end) : followDocker(conn, h, connected, end);
  };
  void attempt();
  return {
    close: () => {
      closed = true;
      if (timer) clearTimeout(timer);
      current?.close();
    },
  };
}

function followLxd(ws: WebSocket, h: EventStreamHandlers, connected: () => void, end: (reason: string) => void): () => void {
  ws.on('open', connected);
  ws.on('message', (data) => {
    const e = parseJson(data.toString()) as { type?: string; metadata?: { action?: string; source?: string } } | undefined;
    if (e?.type === 'lifecycle' && e.metadata?.action) h.onEvent(lxdEvent(e.metadata.action, e.metadata.source ?? ''));
  });
  ws.on('error', (err) => end(err.message));
  ws.on('close', () => end('the event stream closed'));
  return () => ws.terminate();
}

/** `instance-started` on `/1.0/instances/c1` (or `/1.0/instances/c1/snapshots/s1`) re-reads c1. */
export function lxdEvent(action: string, source: string): EngineEvent {
  const m = /^\/1\.0\/instances\/([^/?]+)/.exec(source);
  if (m && action.startsWith('instance-') && action !== 'instance-renamed') {
    return { kind: 'container', name: decodeURIComponent(m[1]) };
  }
  return { kind: 'other', what: action };
}

function followDocker(
  conn: Extract<EngineConnection, { kind: 'docker' | 'podman' }>,
  h: EventStreamHandlers,
  connected: () => void,
  end: (reason: string) => void,
): () => void {
  const abort = new AbortController();
  let res: IncomingMessage | undefined;
  // The engines send no headers before the first event, so "listening" is: the request is out and the
  // engine answered a ping on another connection (a dead socket fails both at once).
  conn.docker.events(abort.signal).then(
    (r) => {
      res = r;
      let buf = '';
      r.setEncoding('utf8');
      r.on('data', (chunk: string) => {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          const e = line ? dockerEvent(parseJson(line)) : undefined;
          if (e) h.onEvent(e);
        }
      });
      r.on('error', (err) => end(err.message));
      r.on('close', () => end('the event stream closed'));
    },
    (err: Error) => end(err.message),
  );
  conn.docker.ping(abort.signal).then(connected, (err: Error) => end(err.message));
  return () => {
    abort.abort();
    res?.destroy();
  };
}

/** A Docker/Podman event, or undefined for one that changes nothing the catalog stores. */
export function dockerEvent(raw: unknown): EngineEvent | undefined {
  const e = raw as { Type?: string; Action?: string; Actor?: { ID?: string; Attributes?: Record<string, string> } } | undefined;
  if (!e?.Type || !e.Action) return undefined;
  // A container joining a network or mounting a volume is the container's own event too.
  if ((e.Type === 'network' && /^(connect|disconnect)$/.test(e.Action)) || (e.Type === 'volume' && /^(mount|unmount)$/.test(e.Action))) return undefined;
  if (e.Type !== 'container') return { kind: 'other', what: `${e.Type} ${e.Action}` };
  if (IGNORED_DOCKER.test(e.Action)) return undefined;
  // A rename leaves the old name behind, which only a full sync drops.
  if (e.Action === 'rename') return { kind: 'other', what: 'container rename' };
  const name = e.Actor?.Attributes?.name ?? e.Actor?.ID;
  return name ? { kind: 'container', name } : { kind: 'other', what: `container ${e.Action}` };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
