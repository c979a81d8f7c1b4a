import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ENV_PAGE_DIR, PAGE_MARKER } from './protocol';
import type { FocusedElement, LargeString, PageFrame, PageRequest, PageResponse, QueriedElement } from './protocol';
import { waitForFile } from './waitForFile';

let nextId = 0;

/** True when a driver that can see the real page is attached (code-server harness, not test-electron). */
export function hasPageDriver(): boolean {
  return !!process.env[ENV_PAGE_DIR];
}

/**
 * Sends one request to the driver, which performs it on the real workbench page with Playwright
 * (see test/integration/driver/pageRequests.ts), and returns its answer. Throws on a failed request.
 */
export async function pageRequest(request: PageRequest, timeoutMs = 30_000): Promise<PageResponse & { ok: true }> {
  const dir = process.env[ENV_PAGE_DIR];
  if (!dir) throw new Error(`${ENV_PAGE_DIR} is not set: page requests need the code-server driver (npm test)`);
  const id = `${process.pid}-${++nextId}`;
  const file = join(dir, `${id}.json`);
  rmSync(file, { force: true });
  console.log(`${PAGE_MARKER} ${id} ${JSON.stringify(request)}`);
  const response = JSON.parse((await waitForFile(file, timeoutMs, `page request ${request.op}`)).toString('utf8')) as PageResponse;
  if (!response.ok) throw new Error(`page request ${JSON.stringify(request)} failed: ${response.error}`);
  return response;
}

/** The elements matching `selector` in the workbench (or a webview, via `frame`). */
export async function queryPage(selector: string, frame?: PageFrame): Promise<readonly QueriedElement[]> {
  return (await pageRequest({ op: 'query', selector, frame })).elements ?? [];
}

/** Waits until `selector` matches a visible element; throws after `timeoutMs`. */
export async function waitForSelector(selector: string, frame?: PageFrame, timeoutMs = 10_000): Promise<void> {
  await pageRequest({ op: 'waitFor', selector, frame, timeoutMs }, timeoutMs + 10_000);
}

/** Clicks the first element matching `selector`. */
export async function clickIn(selector: string, frame?: PageFrame): Promise<void> {
  await pageRequest({ op: 'click', selector, frame });
}

/** Replaces the text of the input matched by `selector` (shadow DOM is pierced: `vscode-textfield#name input`). */
export async function fillIn(selector: string, text: string, frame?: PageFrame): Promise<void> {
  await pageRequest({ op: 'fill', selector, text, frame });
}

/** Posts a raw message from the webview page to the extension, as a (possibly hostile) page script could. */
export async function postFromWebview(message: unknown, frame: PageFrame = { kind: 'webview' }, largeString?: LargeString): Promise<void> {
  await pageRequest({ op: 'webviewPost', message, frame, largeString });
}

/** The accessibility tree (roles and accessible names, as YAML) of the first element matching `selector`. */
export async function ariaSnapshot(selector: string, frame?: PageFrame): Promise<string> {
  return (await pageRequest({ op: 'ariaSnapshot', selector, frame })).snapshot ?? '';
}

/** The element with keyboard focus in the frame (null when nothing but the body has it). */
export async function focusedElement(frame?: PageFrame): Promise<FocusedElement | null> {
  return (await pageRequest({ op: 'focused', frame })).focused ?? null;
}
