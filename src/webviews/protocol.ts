/**
 * Messages every detail panel shares. Imported type-only by both the extension and the page
 * (src/webviews/app), so this file holds types only.
 */

/** The page is loaded and listening; the extension posts nothing before this. */
export interface ReadyMessage {
  type: 'ready';
}

/** The user asked to drop their edits and show the catalog's current values. */
export interface ReloadMessage {
  type: 'reload';
}

/** The page saw its CSP block something: a bug in the page, logged and counted (tests expect none). */
export interface CspViolationMessage {
  type: 'cspViolation';
  directive: string;
  blocked: string;
}

export type CommonPageMessage = ReadyMessage | ReloadMessage | CspViolationMessage;

/** Why the page is receiving a snapshot; the page words its banner from this. */
export type SnapshotReason = 'initial' | 'reload' | 'saved' | 'local' | 'external';

/** The object as the catalog has it now. `version` changes whenever the object's stored data does. */
export interface SnapshotMessage<V> {
  type: 'snapshot';
  view: V;
  version: string;
  reason: SnapshotReason;
}

export type FieldErrors = Record<string, string>;

/** The answer to one request, matched by `requestId`. */
export interface ReplyMessage {
  type: 'reply';
  requestId: number;
  ok: boolean;
  /** A short sentence for the user (success note or error). */
  message?: string;
  /** Errors to show next to the named fields. */
  fieldErrors?: FieldErrors;
  /** The edit was based on an older version: another window changed the object meanwhile. */
  conflict?: boolean;
}

/** The object no longer exists; the extension closes the panel after posting this. */
export interface GoneMessage {
  type: 'gone';
  message: string;
}

/** Data read live from a registry or engine (never stored), posted after each snapshot. */
export interface LiveMessage<L> {
  type: 'live';
  live: L;
}

export type HostMessage<V, L = never> = SnapshotMessage<V> | ReplyMessage | GoneMessage | LiveMessage<L>;

/** What the page keeps in webview state (setState): never secrets, only the id and unsaved edits. */
export interface PageState<D> {
  id: string;
  draft?: D;
  /** The version the draft was started from, sent back with the save. */
  draftVersion?: string;
  tab?: string;
}

/** Marks the panel kind in the page (`<body data-panel>`), one bundle serving all panels. */
export type PanelKind = 'registry' | 'network' | 'container' | 'imageSource' | 'localImage' | 'profile'
  | 'storagePool' | 'storageVolume' | 'launch';
