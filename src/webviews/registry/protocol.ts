import type { CommonPageMessage } from '../protocol';

/** The registry as the panel shows it (dates as ISO strings; never a password or token). */
export interface RegistryView {
  id: string;
  name: string;
  url: string;
  loggedIn: boolean;
  username: string | null;
  verifiedAt: string | null;
  lastError: string | null;
  insecure: boolean;
  caFile: string | null;
  createdAt: string | null;
  /** Repositories tracked by hand (for registries that refuse `_catalog`), sorted. */
  tracked: string[];
}

/** Whether the registry lists its repositories, read live after the panel opens. */
export type RegistryLive =
  | { listing: 'allowed'; count: number; /** false when counting stopped at the cap */ complete: boolean }
  | { listing: 'refused'; reason: string }
  | { listing: 'error'; message: string };

/** The editable fields, as the page keeps them while the user types. */
export interface RegistryDraft {
  name: string;
  url: string;
  insecure: boolean;
  caFile: string;
}

export interface RegistrySave extends RegistryDraft {
  type: 'save';
  requestId: number;
  version: string;
}
/** Login runs the VS Code login flow (input boxes); the password never passes through the page. */
export interface RegistryLogin {
  type: 'login';
  requestId: number;
}
export interface RegistryLogout {
  type: 'logout';
  requestId: number;
}
export interface RegistryVerify {
  type: 'verify';
  requestId: number;
}
export interface RegistryTrack {
  type: 'track';
  requestId: number;
  repository: string;
}
export interface RegistryUntrack {
  type: 'untrack';
  requestId: number;
  repository: string;
}

export type RegistryRequest = RegistrySave | RegistryLogin | RegistryLogout | RegistryVerify | RegistryTrack | RegistryUntrack;
export type RegistryPageMessage = CommonPageMessage | RegistryRequest;
