import * as vscode from 'vscode';
import { ArgumentError } from '../../common/commandArgs';
import { type CommandHandler } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { asNode, pickRegistry, registryRefFrom, registryArgs, runRegistryCommand, type RegistryCommandContext } from './registryCommandContext';

/** `containerCatalog.registries.untrack` — a tracked repository node, `{ id|url, repository }`, or quick picks. */
export function untrackRepository(ctx: RegistryCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const o = registryArgs(CommandIds.registriesUntrack, arg, { repository: { kind: 'string', max: 256 } });
    return runRegistryCommand(ctx, vscode.l10n.t('Untrack repository'), o !== undefined, async () => {
      const ref = registryRefFrom(arg, o) ?? (o ? undefined : await pickRegistry(ctx, vscode.l10n.t('Untrack a repository of')));
      if (!ref) {
        if (o) throw new ArgumentError('"id" or "url" of the registry is required.');
        return undefined;
      }
      const registry = await ctx.service.get(ref);
      let repository = node?.type === 'repository' ? node.name : o?.repository;
      if (!repository) {
        if (o) throw new ArgumentError('"repository" is required.');
        const tracked = await ctx.service.browser.trackedRepositories(registry.id);
        if (!tracked.length) {
          void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no tracked repositories.', registry.name));
          return undefined;
        }
        repository = await vscode.window.showQuickPick(tracked, { title: vscode.l10n.t('Untrack a repository of {0}', registry.name) });
        if (!repository) return undefined;
      }
      await ctx.service.browser.untrack(registry.id, repository);
      return { id: registry.id, repository };
    });
  };
}
