import { h } from './dom';
import { section } from './fields';

/**
 * A panel's tabs (vscode-tabs), each body in a labelled section. The selected tab is kept in webview
 * state through `setTab`, so it survives hide/show and rerenders.
 */
export function tabs(c: { tab: string | undefined; setTab(tab: string): void }, titles: readonly string[], bodies: Node[][]): HTMLElement {
  const selected = Math.max(0, titles.indexOf(c.tab ?? titles[0]));
  return h(
    'vscode-tabs',
    { id: 'tabs', attrs: { 'selected-index': String(selected), panel: true }, on: { 'vsc-tabs-select': (e) => c.setTab(titles[(e as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex] ?? titles[0]) } },
    ...titles.flatMap((t, i) => [
      // vscode-tabs gives headers and panels ids of its own (for aria-controls); ours go in data-tab.
      h('vscode-tab-header', { attrs: { slot: 'header', 'data-tab': String(i) } }, t),
      h('vscode-tab-panel', { attrs: { 'data-tab': String(i) } }, section(`tabsec-${i}`, t, ...bodies[i])),
    ]),
  );
}
