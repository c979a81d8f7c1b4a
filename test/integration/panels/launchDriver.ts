import * as assert from 'node:assert/strict';
import type { LaunchView } from '../../../src/webviews/launch/protocol';
import { pageRequest, queryPage, waitForSelector } from '../support/page';
import { screenshot } from '../support/screenshot';
import { paneOf } from '../support/views';
import { eventually, NEW_WEBVIEW_MS, panelsInfo, setTheme, waitInPanel } from './panelDriver';

/** How the Launch panel host tests reach the panel from a tree row and see its result (shared by the launch suites). */
export const MENU_ITEM = '.context-view .action-item:has-text("Launch…")';
export const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 800));

export async function launchPanel(): Promise<{ id: string; view: LaunchView; counters: { accepted: number; rejected: number; cspViolations: number } }> {
  const p = (await panelsInfo()).filter((i) => i.kind === 'launch');
  assert.equal(p.length, 1, `expected one launch panel, got ${JSON.stringify(p.map((x) => x.id))}`);
  return { ...p[0], view: p[0].view as LaunchView };
}

/** Moves the keyboard focus down a view's rows until `row` has it (a click would open the row's details panel). */
export async function focusRow(row: string): Promise<void> {
  await waitForSelector(row, undefined, 20_000);
  for (let i = 0; i < 30 && !(await queryPage(`${row}.focused`)).length; i++) await pageRequest({ op: 'press', key: 'ArrowDown' });
  await waitForSelector(`${row}.focused`);
}

/** Opens the focused row's context menu by keyboard and picks Launch…; waits for the panel's page. */
export async function launchFromMenu(shot: string): Promise<void> {
  await pageRequest({ op: 'press', key: 'Shift+F10' });
  await waitForSelector(MENU_ITEM);
  await screenshot(shot);
  await pageRequest({ op: 'click', selector: MENU_ITEM });
  await waitInPanel('vscode-textfield#name', NEW_WEBVIEW_MS);
  await eventually('the launch panel loaded', launchPanel, (p) => p.view !== undefined, NEW_WEBVIEW_MS);
}

/** Waits for the new container's row to be selected in the Containers view; what the page showed instead is kept. */
export async function selectedInContainers(name: string): Promise<void> {
  try {
    await waitForSelector(`${paneOf('Containers')} .monaco-list-row.selected:has-text("${name}")`, undefined, 120_000);
  } catch (e) {
    await screenshot(`failed-launch-${name}`).catch(() => undefined);
    throw e;
  }
}

/** Clicks a row only when it is folded, then waits until it shows open. */
export async function expand(row: string): Promise<void> {
  await waitForSelector(row, undefined, 20_000);
  await settle();
  if ((await queryPage(`${row}[aria-expanded="false"]`)).some((r) => r.visible)) await pageRequest({ op: 'click', selector: row });
  await waitForSelector(`${row}[aria-expanded="true"]`);
  await settle();
}


/** `<name>-dark` and `<name>-light` of what is shown now; the dark theme is back after. */
export async function shootBothThemes(name: string): Promise<void> {
  await setTheme('Default Dark Modern');
  await screenshot(`${name}-dark`);
  await setTheme('Default Light Modern');
  await screenshot(`${name}-light`);
  await setTheme('Default Dark Modern');
}
