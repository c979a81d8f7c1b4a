import * as vscode from 'vscode';
import { ArgumentError, readArgs } from '../../../common/commandArgs';
import { runCommand, type CommandHandler } from '../../../common/runCommand';
import { fieldValues, type ViewQuery } from '../../../../shared/viewQuery';
import { fromCode, type ViewQueryContext } from '../viewQueryContext';

/**
 * `<view>.filterView` — `{ text }` and/or `{ field, value }` (value '' clears that field), or quick picks:
 * a field (or free text), then one of the values the view's rows show. A value no row shows is refused.
 * Resolves with the view's query.
 */
export function filterView<Row>(ctx: ViewQueryContext<Row>): CommandHandler {
  const id = `${ctx.commandPrefix}.filterView`;
  return async (arg?: unknown) =>
    runCommand({ title: vscode.l10n.t('Filter'), log: ctx.log, programmatic: fromCode(arg) }, async (): Promise<ViewQuery | undefined> => {
      const a = readArgs(id, arg, { text: { kind: 'string', max: 200 }, field: 'string', value: 'string' });
      const spec = ctx.state.spec;
      const current = ctx.state.query;
      const fields = Object.keys(spec.fields);
      if (a?.field !== undefined && !fields.includes(a.field)) throw new ArgumentError(`${id}: "field" must be one of ${fields.join(', ')}.`);
      if ((a?.field === undefined) !== (a?.value === undefined)) throw new ArgumentError(`${id}: "field" and "value" go together.`);
      if (a && a.text === undefined && a.field === undefined) throw new ArgumentError(`${id} takes {text} and/or {field, value}.`);
      let text = a?.text;
      let field = a?.field;
      let value = a?.value;
      if (!a) {
        const TEXT = '$text';
        const pick = await vscode.window.showQuickPick(
          [
            { label: vscode.l10n.t('Text…'), description: current.text ? `"${current.text}"` : '', key: TEXT },
            ...fields.map((f) => ({ label: f, description: current.fields?.[f] ? `= ${current.fields[f]}` : '', key: f })),
          ],
          { title: vscode.l10n.t('Filter {0}: by', ctx.title) },
        );
        if (!pick) return undefined;
        if (pick.key === TEXT) {
          text = await vscode.window.showInputBox({ title: vscode.l10n.t('Filter {0}: text', ctx.title), value: current.text ?? '', prompt: vscode.l10n.t('Rows whose name or description contains this (empty: any)') });
          if (text === undefined) return undefined;
        } else {
          field = pick.key;
        }
      }
      if (field !== undefined) {
        const values = fieldValues(spec, current, await ctx.rows(), field);
        if (value === undefined) {
          const ANY = vscode.l10n.t('(any)');
          const pick = await vscode.window.showQuickPick([ANY, ...values], { title: vscode.l10n.t('Filter {0}: {1}', ctx.title, field) });
          if (pick === undefined) return undefined;
          value = pick === ANY ? '' : pick;
        } else if (value !== '' && !values.includes(value)) {
          throw new ArgumentError(`${id}: no row of the ${spec.name} shows ${field} "${value}" (shown: ${values.join(', ') || 'none'}).`);
        }
      }
      const nextFields: Record<string, string> = { ...current.fields };
      if (field !== undefined) {
        if (value) nextFields[field] = value;
        else delete nextFields[field];
      }
      const next: { -readonly [K in keyof ViewQuery]: ViewQuery[K] } = { ...current, fields: nextFields };
      if (!Object.keys(nextFields).length) delete next.fields;
      if (text !== undefined) {
        if (text.trim()) next.text = text.trim();
        else delete next.text;
      }
      return ctx.state.set(next);
    });
}
