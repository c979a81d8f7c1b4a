import * as vscode from 'vscode';
import { ArgumentError, readArgs, requiredArg } from '../../common/commandArgs';
import { runCommand, type CommandHandler } from '../../common/runCommand';
import { ImageCommandIds } from '../../platform/ids';
import { asNode, fromCode, type ImageCommandContext } from '../imageCommandContext';
import { FILTER_FIELDS, filterValues, type FilterField, type ImageFilter } from '../imageTreeModel';

/**
 * `containerCatalog.imageSources.filter` — `{ field, value }` (value '' clears that field) or two quick
 * picks. Narrows the tree by os, release, variant or arch. The values offered are computed by the same
 * function that builds the labels, so every value is one the tree shows; another value is refused.
 */
export function filterSources(ctx: ImageCommandContext): CommandHandler {
  return async (arg?: unknown) =>
    runCommand({ title: vscode.l10n.t('Filter'), log: ctx.deps.log, programmatic: fromCode(arg) }, async (): Promise<ImageFilter | undefined> => {
      const a = asNode(arg) ? undefined : readArgs(ImageCommandIds.filter, arg, { field: 'string', value: 'string' });
      const data = await ctx.tree.data();
      const current = ctx.tree.currentFilter;
      // Called by code nothing is picked: both are required ( as the value clears the field's filter).
      let field = requiredArg(a, 'field') as FilterField | undefined;
      if (field !== undefined && !FILTER_FIELDS.includes(field)) throw new ArgumentError(`${ImageCommandIds.filter}: "field" must be one of ${FILTER_FIELDS.join(', ')}.`);
      if (!field) {
        const pick = await vscode.window.showQuickPick(
          FILTER_FIELDS.map((f) => ({ label: f, description: current[f] ? `= ${current[f]}` : '', field: f })),
          { title: vscode.l10n.t('Filter Image Sources: by') },
        );
        if (!pick) return undefined;
        field = pick.field;
      }
      const values = filterValues(data.sources, current, field);
      let value = a?.value ?? requiredArg(a, 'value');
      if (value === undefined) {
        const ANY = '(any)';
        const pick = await vscode.window.showQuickPick([ANY, ...values], { title: vscode.l10n.t('Filter Image Sources: {0}', field) });
        if (!pick) return undefined;
        value = pick === ANY ? '' : pick;
      } else if (value !== '' && !values.includes(value)) {
        throw new ArgumentError(`${ImageCommandIds.filter}: no image source shows ${field} "${value}" (shown: ${values.join(', ') || 'none'}).`);
      }
      const next = { ...current };
      if (value === '') delete next[field];
      else next[field] = value;
      ctx.tree.setFilter(next);
      return next;
    });
}
