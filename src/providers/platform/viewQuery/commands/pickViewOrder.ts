import * as vscode from 'vscode';
import { ArgumentError, readArgs } from '../../../common/commandArgs';
import { runCommand, type CommandHandler } from '../../../common/runCommand';
import type { ViewQuery } from '../../../../shared/viewQuery';
import { fromCode, type ViewQueryContext } from '../viewQueryContext';

/**
 * `<view>.sortView` (`{ sort }`) and `<view>.groupView` (`{ group }`), or a quick pick of the view's sorts
 * or groupings with the current one marked. Resolves with the view's query.
 */
export function pickViewOrder<Row>(ctx: ViewQueryContext<Row>, key: 'sort' | 'group'): CommandHandler {
  const id = `${ctx.commandPrefix}.${key}View`;
  return async (arg?: unknown) =>
    runCommand({ title: key === 'sort' ? vscode.l10n.t('Sort') : vscode.l10n.t('Group'), log: ctx.log, programmatic: fromCode(arg) }, async (): Promise<ViewQuery | undefined> => {
      const a = readArgs(id, arg, { [key]: 'string' } as Record<'sort' | 'group', 'string'>);
      const spec = ctx.state.spec;
      const known = Object.keys(key === 'sort' ? spec.sorts : spec.groups);
      const current = ctx.state.query[key] ?? known[0];
      let chosen = a?.[key];
      if (a && chosen === undefined) throw new ArgumentError(`${id} takes {${key}}.`);
      if (chosen !== undefined && !known.includes(chosen)) throw new ArgumentError(`${id}: "${key}" must be one of ${known.join(', ')}.`);
      if (chosen === undefined) {
        const pick = await vscode.window.showQuickPick(
          known.map((k) => ({ label: k, description: k === current ? vscode.l10n.t('current') : '', picked: k === current })),
          { title: key === 'sort' ? vscode.l10n.t('Sort {0} by', ctx.title) : vscode.l10n.t('Group {0} by', ctx.title) },
        );
        if (!pick) return undefined;
        chosen = pick.label;
      }
      return ctx.state.set({ ...ctx.state.query, [key]: chosen });
    });
}
