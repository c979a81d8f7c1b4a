import type * as vscode from 'vscode';
import type { ViewQueryState } from './viewQueryState';

/** What the shared filter/sort/group commands need from one view. */
export interface ViewQueryContext<Row> {
  readonly state: ViewQueryState<Row>;
  /** Every row the view could show (before filtering): the values a pick offers come from these. */
  readonly rows: () => Promise<readonly Row[]>;
  /** The view's command ids: `<prefix>.filterView`, `.sortView`, `.groupView`, `.clearView`. */
  readonly commandPrefix: string;
  /** The view's title as the user sees it, for quick pick titles. */
  readonly title: string;
  readonly log: vscode.LogOutputChannel;
}

/** Called with an argument object (not from a view title or the palette, which pass nothing). */
export function fromCode(arg: unknown): boolean {
  return arg !== undefined && arg !== null;
}
