import { pageRequest, queryPage } from './page';

/** The three views of the Container Catalog container, by the title their pane header carries. */
export type ViewTitle = 'Registries' | 'Image Sources' | 'Containers';

/**
 * A view's pane. The header's aria-label is "<title> Section", or "<title>: <description> Section" while the
 * view shows a filter or grouping, so the label is matched by its start and end.
 */
export function paneOf(title: ViewTitle | (string & {})): string {
  return `.pane:has(> .pane-header[aria-label^="${title}"][aria-label$=" Section"])`;
}

function header(title: ViewTitle, expanded: boolean): string {
  return `.pane-header[aria-label^="${title}"][aria-label$=" Section"][aria-expanded="${expanded}"]`;
}

/**
 * Opens and folds the views as asked (room for the rows a suite reads), and returns what puts them back as
 * found, for the suite's `after`: the suites that follow expect the workbench as they would find it.
 */
export async function arrangeViews(want: Partial<Record<ViewTitle, boolean>>): Promise<() => Promise<void>> {
  const toggled: [ViewTitle, boolean][] = [];
  for (const [title, open] of Object.entries(want) as [ViewTitle, boolean][]) {
    if ((await queryPage(header(title, !open))).some((h) => h.visible)) {
      await pageRequest({ op: 'click', selector: header(title, !open) });
      toggled.push([title, open]);
    }
  }
  return async () => {
    for (const [title, open] of toggled) await pageRequest({ op: 'click', selector: header(title, open) });
  };
}

/** The texts of a view's visible rows, whitespace folded. */
export async function viewRows(title: ViewTitle): Promise<string[]> {
  return (await queryPage(`${paneOf(title)} .monaco-list-row`)).filter((r) => r.visible).map((r) => r.text.replace(/\s+/g, ' ').trim());
}

/** Waits for a row of the view that passes `test`, and returns its text; the error lists the rows seen. */
export async function waitForViewRow(title: ViewTitle, test: (row: string) => boolean, what: string, timeoutMs = 20_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  let last: string[] = [];
  while (Date.now() < until) {
    last = await viewRows(title);
    const hit = last.find(test);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no row ${what} in the ${title} view; rows: ${JSON.stringify(last)}`);
}
