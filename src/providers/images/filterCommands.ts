import * as vscode from 'vscode';
import { showError } from '../platform/showError';
import { argObject } from './commandArgs';
import type { ImageCommandContext } from './imageCommandContext';
import { FILTER_FIELDS, filterValues, type FilterField, type ImageFilter } from './imageTreeModel';

/**
 * Narrows the image-sources tree by os, release, variant or arch. The values offered are computed
 * by the same function that builds the labels, so every value is one the tree shows.
 */
export async function filterSources(ctx: ImageCommandContext, arg: unknown): Promise<ImageFilter | undefined> {
  try {
    const a = argObject('filter', arg, ['field', 'value'] as const);
    const data = await ctx.tree.data();
    const current = ctx.tree.currentFilter;
    let field = a?.field as FilterField | undefined;
    if (field !== undefined && !FILTER_FIELDS.includes(field)) throw new Error(`filter: "field" must be one of ${FILTER_FIELDS.join(', ')}`);
    if (!field) {
      const pick = await vscode.window.showQuickPick(
        FILTER_FIELDS.map((f) => ({ label: f, description: current[f] ? `= ${current[f]}` : '', field: f })),
        { title: 'Filter Image Sources: by' },
      );
      if (!pick) return undefined;
      field = pick.field;
    }
    const values = filterValues(data.sources, current, field);
    let value = a?.value;
    if (value === undefined) {
      const ANY = '(any)';
      const pick = await vscode.window.showQuickPick([ANY, ...values], { title: `Filter Image Sources: ${field}` });
      if (!pick) return undefined;
      value = pick === ANY ? '' : pick;
    } else if (value !== '' && !values.includes(value)) {
      throw new Error(`filter: no image source shows ${field} "${value}" (shown: ${values.join(', ') || 'none'})`);
    }
    const next = { ...current };
    if (value === '') delete next[field];
    else next[field] = value;
    ctx.tree.setFilter(next);
    return next;
  } catch (e) {
    void showError(ctx.deps.log, `Filter failed: ${(e as Error).message}`, e);
    return undefined;
  }
}

export function clearFilter(ctx: ImageCommandContext): ImageFilter {
  ctx.tree.setFilter({});
  return {};
}
