import * as vscode from 'vscode';
import { type CommandHandler } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { asNode, registryRefFrom, registryArgs, runRegistryCommand, type RegistryCommandContext } from './registryCommandContext';

/**
 * `containerCatalog.registries.refresh` — a node (its children are re-read; a message node refreshes
 * its parent), `{ id|url }` of a registry, or nothing for the whole view.
 */
export function refreshRegistries(ctx: RegistryCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const o = registryArgs(CommandIds.registriesRefresh, arg, {});
    const programmatic = o !== undefined;
    return runRegistryCommand(ctx, vscode.l10n.t('Refresh registries'), programmatic, async () => {
      if (node?.type === 'message' || node?.type === 'more') {
        const parent = ctx.tree.findNode(node.parentId);
        if (parent) ctx.tree.refresh(parent);
        else ctx.tree.refresh();
      } else if (node) {
        ctx.tree.refresh(node);
      } else if (programmatic || typeof arg === 'string') {
        const registry = await ctx.service.get(registryRefFrom(arg, o) ?? '');
        ctx.tree.refreshRegistry(registry.id);
      } else {
        ctx.tree.refresh();
      }
      return true;
    });
  };
}
