import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds } from '../../../src/providers/platform/ids';
import type { OpenPanelInfo } from '../../../src/webviews/detailPanels';
import { clickIn, pageRequest, queryPage, waitForSelector } from '../support/page';
import type { PageFrame } from '../support/protocol';
import { screenshot } from '../support/screenshot';

/**
 * How long to wait for a panel that was just opened (from a command, another panel or the tree) to show
 * its page. Under load, code-server sometimes leaves a new webview blank for about 30 s; then it loads
 * normally. Why: every webview here shares one origin, each registers its own service-worker URL, and
 * pre/index.html waits for `controllerchange` before it creates the page ("Found unexpected service
 * worker controller"). Most likely the new worker cannot take over while the old one still holds a fetch
 * from a page that was closed meanwhile, and service-worker.js gives such a fetch 30 s (`resolveTimeout`)
 * before it answers 408. Real VS Code gives each webview its own origin, so it does not wait.
 */
export const NEW_WEBVIEW_MS = 60_000;

/** The first visible webview: where the open detail panel's page lives. */
export const WEBVIEW: PageFrame = { kind: 'webview' };

export async function panelsInfo(): Promise<OpenPanelInfo[]> {
  return (await vscode.commands.executeCommand<OpenPanelInfo[]>(CommandIds.panelsInfo)) ?? [];
}

/**
 * Polls until `check` holds (the page and the extension talk asynchronously); fails with `what`. A probe that
 * throws counts as "not yet" until the time is up: a panel just opened has no visible webview for a moment (the
 * page driver then says "no visible webview"), and under load code-server holds a new one blank (NEW_WEBVIEW_MS).
 */
export async function eventually<T>(what: string, probe: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    let seen: string;
    try {
      const last = await probe();
      if (check(last)) return last;
      seen = `still ${JSON.stringify(last)?.slice(0, 500)}`;
    } catch (e) {
      seen = `the probe failed: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (Date.now() > end) assert.fail(`${what}: ${seen} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** innerText of the elements matching `selector` in the panel's page. */
export async function texts(selector: string): Promise<string[]> {
  return (await queryPage(selector, WEBVIEW)).map((e) => e.text);
}

/**
 * Waits for `selector` in the panel's page. The default covers a page that was just opened and is held
 * blank by code-server (see NEW_WEBVIEW_MS); waiting longer only delays a failure, never a pass.
 */
export async function waitInPanel(selector: string, timeoutMs = NEW_WEBVIEW_MS): Promise<void> {
  await waitForSelector(selector, WEBVIEW, timeoutMs);
}

/** Waits until some element matching `selector` shows text matching `pattern`. */
export async function waitForText(selector: string, pattern: RegExp, timeoutMs = NEW_WEBVIEW_MS): Promise<string> {
  try {
    const all = await eventually(`text ${pattern} in ${selector}`, () => texts(selector), (t) => t.some((x) => pattern.test(x)), timeoutMs);
    return all.find((x) => pattern.test(x)) as string;
  } catch (e) {
    // What the page showed instead is the quickest way to the cause.
    await screenshot(`failed-wait-${selector.replace(/[^A-Za-z0-9]+/g, '_').slice(0, 40)}`).catch(() => undefined);
    throw e;
  }
}

/**
 * Clicks a tree row that opens a panel, and waits until `opened` holds. A click on a row inserted a
 * moment before (its group just expanded) was seen to open nothing once in many runs, with no error
 * anywhere; a user clicks again, and so does this, at most twice more, saying so in the log.
 */
export async function clickRowToOpen(row: string, opened: () => Promise<boolean>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await clickIn(row);
    try {
      await eventually(`a panel opened by a click on ${row}`, opened, (x) => x, 5_000);
      return;
    } catch (e) {
      if (attempt === 3) throw e;
      const rows = await queryPage(row);
      console.log(`click ${attempt} on ${row} opened nothing (row ${JSON.stringify(rows.map((r) => r.ariaLabel))}); clicking again`);
    }
  }
}

/** Chooses `label` in the quick pick the workbench is showing. */
export async function chooseInQuickPick(label: string): Promise<void> {
  await waitForSelector('.quick-input-widget .quick-input-box input');
  await pageRequest({ op: 'type', text: label });
  try {
    await waitForSelector(`.quick-input-widget .monaco-list-row[aria-label*="${label.replace(/"/g, '\\"')}"]`);
  } catch (e) {
    const rows = (await queryPage('.quick-input-widget .monaco-list-row')).map((r) => r.ariaLabel);
    await screenshot(`quick-pick-without-${label.replace(/[^A-Za-z0-9._-]/g, '_')}`);
    throw new Error(`${label} is not in the quick pick (${JSON.stringify(rows)}): ${String(e)}`);
  }
  await pageRequest({ op: 'press', key: 'Enter' });
}

/**
 * Switches the colour theme and waits until the workbench shows it (its `vs`/`vs-dark` class and the
 * extension host's active theme), not only until the setting is written: a screenshot taken at once can
 * otherwise show the theme before.
 */
export async function setTheme(theme: string): Promise<void> {
  const light = /Light/i.test(theme);
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
  const kind = light ? vscode.ColorThemeKind.Light : vscode.ColorThemeKind.Dark;
  await eventually(`the ${theme} theme in the extension host`, async () => vscode.window.activeColorTheme.kind, (k) => k === kind);
  await waitForSelector(`.monaco-workbench.${light ? 'vs' : 'vs-dark'}`);
  // The webview's --vscode-* variables follow on the next frame; give the page time to repaint.
  await new Promise((r) => setTimeout(r, 1500));
}
