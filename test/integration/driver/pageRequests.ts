import type { FrameLocator, Locator, Page } from 'playwright-core';
import type { FocusedElement, PageFrame, PageRequest, PageResponse, QueriedElement } from '../support/protocol';

/**
 * Performs one request from a test (see support/page.ts) on the real workbench page. Never throws:
 * every failure becomes `{ ok: false, error }` so the waiting test fails with the reason.
 */
export async function handlePageRequest(page: Page, raw: unknown): Promise<PageResponse> {
  try {
    const req = validate(raw);
    switch (req.op) {
      case 'query':
        // One read of every match, in the page: element by element, a match that went away in between
        // (a toast closing, a row redrawn) made Playwright wait its default 30 s for it to come back.
        return { ok: true, elements: await locate(page, req.frame, req.selector).evaluateAll(READ_ELEMENTS) };
      case 'waitFor':
        await locate(page, req.frame, req.selector).first().waitFor({ state: 'visible', timeout: req.timeoutMs ?? 10_000 });
        return { ok: true };
      case 'click': {
        const target = locate(page, req.frame, req.selector).first();
        try {
          await target.click({ timeout: 10_000 });
        } catch (e) {
          // A hover card VS Code opened for the row the pointer rested on can cover the next row, and it stays
          // open while the pointer (moved there by the click itself) is over it: move the pointer away, let the
          // card close, click once more.
          if (!/intercepts pointer events/.test(String(e))) throw e;
          await page.mouse.move(1, 1);
          await page.waitForTimeout(1500);
          await target.click({ timeout: 10_000 });
        }
        return { ok: true };
      }
      case 'press':
        await page.keyboard.press(req.key);
        return { ok: true };
      case 'type':
        await page.keyboard.type(req.text);
        return { ok: true };
      case 'fill':
        await locate(page, req.frame, req.selector).first().fill(req.text, { timeout: 10_000 });
        return { ok: true };
      case 'ariaSnapshot':
        return { ok: true, snapshot: await locate(page, req.frame, req.selector).first().ariaSnapshot({ timeout: 10_000 }) };
      case 'focused':
        return { ok: true, focused: (await locate(page, req.frame, ':root').first().evaluate(FOCUSED_ELEMENT)) as FocusedElement | null };
      case 'webviewPost': {
        // The webview host frame (VS Code's pre/index.html) forwards what the page's API posts;
        // calling its hook is the same path a page script's postMessage takes.
        const host = page.locator('iframe.webview').filter({ visible: true }).nth(req.frame?.kind === 'webview' ? req.frame.index ?? 0 : 0);
        const frame = await (await host.elementHandle({ timeout: 10_000 }))?.contentFrame();
        if (!frame) throw new Error('no visible webview');
        await frame.evaluate(({ message, large }) => {
          const post = (globalThis as unknown as Record<string, (c: string, d: unknown) => void>).__vscode_post_message__;
          if (typeof post !== 'function') throw new Error('webview host hook not found');
          if (large && typeof message === 'object' && message !== null) (message as Record<string, unknown>)[large.field] = 'x'.repeat(large.length);
          post('onmessage', { message });
        }, { message: req.message, large: req.largeString });
        return { ok: true };
      }
    }
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Runs in the page (this tsconfig has no DOM types, hence a string): the focused element, followed into
 * shadow roots, and the id of the nearest page element (outside shadow roots) carrying one: the custom
 * element around a shadow input.
 */
/** The shape of a DOM element this file reads (the test build has no DOM types). */
interface PageElement {
  readonly tagName: string;
  readonly innerText?: string;
  readonly value?: unknown;
  readonly children: ArrayLike<PageElement>;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { width: number; height: number };
  readonly ownerDocument: { defaultView: { getComputedStyle(el: PageElement): { visibility: string; display: string } } | null };
}

/**
 * Runs in the page: text, aria-label, a form field's value and visibility of each element, read as
 * Playwright's innerText/getAttribute/inputValue/isVisible read them.
 */
function READ_ELEMENTS(elements: PageElement[]): QueriedElement[] {
  const visible = (el: PageElement): boolean => {
    const style = el.ownerDocument.defaultView?.getComputedStyle(el);
    if (style?.visibility === 'hidden') return false;
    if (style?.display === 'contents') return Array.from(el.children).some(visible);
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  const field = /^(INPUT|TEXTAREA|SELECT)$/;
  return elements.map((el) => ({
    text: (el.innerText ?? '').trim(),
    ariaLabel: el.getAttribute('aria-label'),
    value: field.test(el.tagName) && typeof el.value === 'string' ? el.value : null,
    visible: visible(el),
  }));
}

const FOCUSED_ELEMENT = `(() => {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  if (!el || el === document.body) return null;
  const tag = el.tagName.toLowerCase();
  let host = el;
  while (host.getRootNode() instanceof ShadowRoot) host = host.getRootNode().host;
  for (let at = host; at; at = at.parentElement) if (at.id) return { tag, id: at.id };
  return { tag, id: null };
})()`;

function locate(page: Page, frame: PageFrame | undefined, selector: string): Locator {
  if (!frame || frame.kind === 'page') return page.locator(selector);
  // Each webview is an `iframe.webview` (hidden ones stay in the DOM) holding `iframe#active-frame`.
  const host: FrameLocator = page
    .locator('iframe.webview')
    .filter({ visible: true })
    .nth(frame.index ?? 0)
    .contentFrame()
    .locator('iframe#active-frame')
    .contentFrame();
  return host.locator(selector);
}

/** The request line comes from the extension host's console: check its shape before acting on it. */
function validate(raw: unknown): PageRequest {
  if (typeof raw !== 'object' || raw === null) throw new Error('request is not an object');
  const r = raw as Record<string, unknown>;
  const str = (k: string): string => {
    if (typeof r[k] !== 'string' || r[k] === '') throw new Error(`request.${k} must be a non-empty string`);
    return r[k] as string;
  };
  const frame = r.frame as PageFrame | undefined;
  if (frame !== undefined && !(frame.kind === 'page' || frame.kind === 'webview')) throw new Error('request.frame.kind must be page or webview');
  switch (r.op) {
    case 'query':
    case 'click':
    case 'ariaSnapshot':
      return { op: r.op, selector: str('selector'), frame };
    case 'focused':
      return { op: 'focused', frame };
    case 'waitFor':
      return { op: 'waitFor', selector: str('selector'), frame, timeoutMs: typeof r.timeoutMs === 'number' ? r.timeoutMs : undefined };
    case 'press':
      return { op: 'press', key: str('key') };
    case 'type':
      return { op: 'type', text: typeof r.text === 'string' ? r.text : '' };
    case 'fill':
      return { op: 'fill', selector: str('selector'), text: typeof r.text === 'string' ? r.text : '', frame };
    case 'webviewPost': {
      if (!('message' in r)) throw new Error('request.message is missing');
      const l = r.largeString as { field?: unknown; length?: unknown } | undefined;
      if (l !== undefined && (typeof l.field !== 'string' || typeof l.length !== 'number' || l.length < 0 || l.length > 64 * 1024 * 1024)) {
        throw new Error('request.largeString must be { field, length ≤ 64 MiB }');
      }
      return { op: 'webviewPost', message: r.message, frame, largeString: l as { field: string; length: number } | undefined };
    }
    default:
      throw new Error(`unknown op ${JSON.stringify(r.op)}`);
  }
}
