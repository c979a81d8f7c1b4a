// The line protocol between tests running inside the extension host and the driver outside it.
// The host's console reaches the driver through the page's `codeAutomationLog` hook, so a test
// "asks" by logging one marker line; the driver answers by writing a file the test waits for.

/**
 * `@@SCREENSHOT <name> [css selector]`: the driver writes <CC_SCREENSHOT_DIR>/<name>.png (atomically),
 * of the whole page or of the first element matching the selector.
 */
export const SCREENSHOT_MARKER = '@@SCREENSHOT';
/** `@@PAGE <id> <json PageRequest>`: the driver writes <CC_PAGE_DIR>/<id>.json (a PageResponse). */
export const PAGE_MARKER = '@@PAGE';
/** `@@RESULT <json SuiteCounts>`: the suite's counts, also written to CC_RESULTS_FILE. */
export const RESULT_MARKER = '@@RESULT';

/** Environment the driver gives the server, which passes it on to the extension host. */
export const ENV_SCREENSHOT_DIR = 'CC_SCREENSHOT_DIR';
export const ENV_PAGE_DIR = 'CC_PAGE_DIR';
export const ENV_RESULTS_FILE = 'CC_RESULTS_FILE';
/** The server's --extensions-dir, so the VSIX suite can check it runs the installed copy. */
export const ENV_EXTENSIONS_DIR = 'CC_EXTENSIONS_DIR';

/** Screenshot names become file names: keep them boring. */
export const SCREENSHOT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$/;

/**
 * Where a selector is evaluated: the workbench page itself, or the content document of a visible
 * webview (VS Code nests it as `iframe.webview` → `iframe#active-frame`).
 */
export type PageFrame = { readonly kind: 'page' } | { readonly kind: 'webview'; readonly index?: number };

export type PageRequest =
  /** innerText and aria-label of every element matching `selector` (visible or not). */
  | { readonly op: 'query'; readonly selector: string; readonly frame?: PageFrame }
  /** Waits until `selector` matches a visible element (default timeout 10 s). */
  | { readonly op: 'waitFor'; readonly selector: string; readonly frame?: PageFrame; readonly timeoutMs?: number }
  | { readonly op: 'click'; readonly selector: string; readonly frame?: PageFrame }
  /** Playwright key names, e.g. "Escape", "Control+Shift+P". */
  | { readonly op: 'press'; readonly key: string }
  | { readonly op: 'type'; readonly text: string }
  /** Replaces the value of the (shadow-piercing) input matched by `selector`, firing input events. */
  | { readonly op: 'fill'; readonly selector: string; readonly text: string; readonly frame?: PageFrame }
  /**
   * Posts `message` from a webview page to the extension exactly as the page's own
   * `acquireVsCodeApi().postMessage` would (through the webview host frame), e.g. to send hostile
   * messages a compromised page could send. Only for `frame.kind === 'webview'`.
   */
  | { readonly op: 'webviewPost'; readonly message: unknown; readonly frame?: PageFrame; readonly largeString?: LargeString }
  /** Playwright's accessibility snapshot (YAML: role "name") of the first element matching `selector`. */
  | { readonly op: 'ariaSnapshot'; readonly selector: string; readonly frame?: PageFrame }
  /** The element that has keyboard focus in the frame, followed into shadow roots. */
  | { readonly op: 'focused'; readonly frame?: PageFrame };

/** Sets `message[field]` to `length` characters in the driver: payloads too big for a console line. */
export interface LargeString {
  readonly field: string;
  readonly length: number;
}

export interface QueriedElement {
  readonly text: string;
  readonly ariaLabel: string | null;
  /** The value of an input, textarea or select; null for other elements. */
  readonly value: string | null;
  readonly visible: boolean;
}

/** Where keyboard focus is: the focused element (inside shadow roots) and the host element carrying our id. */
export interface FocusedElement {
  readonly tag: string;
  /** The id of the nearest element with one, crossing shadow roots (e.g. the `vscode-textfield` around an input). */
  readonly id: string | null;
}

export type PageResponse =
  | { readonly ok: true; readonly elements?: readonly QueriedElement[]; readonly snapshot?: string; readonly focused?: FocusedElement | null }
  | { readonly ok: false; readonly error: string };
