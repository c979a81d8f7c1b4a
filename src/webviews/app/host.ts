import type { HostMessage, PageState, ReplyMessage } from '../protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

// Acquired once per page load; nothing else in the page may acquire it.
const api = acquireVsCodeApi();
let nextRequestId = 1;
const pending = new Map<number, (reply: ReplyMessage) => void>();

/** Sends a request and resolves with its reply (matched by id). */
export function request<M extends { requestId: number }>(message: Omit<M, 'requestId'>): Promise<ReplyMessage> {
  const requestId = nextRequestId++;
  return new Promise((resolve) => {
    pending.set(requestId, resolve);
    api.postMessage({ ...message, requestId });
  });
}

export function send(message: { type: string; [key: string]: unknown }): void {
  api.postMessage(message);
}

/** Delivers the extension's messages; replies go to their waiting request instead. */
export function listen<V, L>(handler: (message: HostMessage<V, L>) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const m = event.data;
    if (typeof m !== 'object' || m === null || typeof (m as { type?: unknown }).type !== 'string') return;
    const message = m as HostMessage<V, L>;
    if (message.type === 'reply') {
      const resolve = pending.get(message.requestId);
      pending.delete(message.requestId);
      resolve?.(message);
      return;
    }
    handler(message);
  });
}

export function loadState<D>(id: string): PageState<D> {
  const s = api.getState() as PageState<D> | undefined;
  // State from another object (cannot normally happen) is dropped rather than shown.
  return s && s.id === id ? s : { id };
}

/** Webview state survives hiding and window reloads; it holds the object id and unsaved edits, never secrets. */
export function saveState<D>(state: PageState<D>): void {
  api.setState(state);
}
