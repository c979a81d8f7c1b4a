import * as vscode from 'vscode';
import { clearView } from './commands/clearView';
import { filterView } from './commands/filterView';
import { pickViewOrder } from './commands/pickViewOrder';
import type { ViewQueryContext } from './viewQueryContext';
import { viewQueryCommand } from '../ids';

/** The four commands of one view's filter, sort and grouping; the same handlers serve the three views. */
export function registerViewQuery<Row>(ctx: ViewQueryContext<Row>): vscode.Disposable {
  const reg = (verb: 'filter' | 'sort' | 'group' | 'clear', fn: (arg: unknown) => unknown): vscode.Disposable =>
    vscode.commands.registerCommand(viewQueryCommand(ctx.commandPrefix, verb), fn);
  return vscode.Disposable.from(
    reg('filter', filterView(ctx)),
    reg('sort', pickViewOrder(ctx, 'sort')),
    reg('group', pickViewOrder(ctx, 'group')),
    reg('clear', clearView(ctx)),
  );
}
