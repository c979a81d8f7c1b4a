import * as vscode from 'vscode';
import { ArgumentError } from '../../common/commandArgs';
import { type CommandHandler } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { pickRegistry, registryRefFrom, registryArgs, runRegistryCommand, type RegistryCommandContext } from './registryCommandContext';

/**
 * `containerCatalog.registries.remove` — `{ id|url, skipConfirmation? }` or a registry node. Asks for a
 * modal confirmation unless `skipConfirmation: true`; removes the tracked repositories and the secret too.
 */
export function removeRegistry(ctx: RegistryCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const o = registryArgs(CommandIds.registriesRemove, arg, { skipConfirmation: 'boolean' });
    return runRegistryCommand(ctx, 'Remove registry', o !== undefined, async () => {
      const ref = registryRefFrom(arg, o) ?? (o ? undefined : await pickRegistry(ctx, 'Remove registry'));
      if (!ref) {
        if (o) throw new ArgumentError('"id" or "url" of the registry is required.');
        return undefined;
      }
      const registry = await ctx.service.get(ref);
      if (o?.skipConfirmation !== true) {
        const tracked = await ctx.service.trackedRepositories(registry.id);
        const detail = [
          `${registry.url} will no longer appear in the Registries view.`,
          registry.loggedIn ? `The saved login of ${registry.username} is deleted from the keychain.` : '',
          tracked.length ? `${tracked.length} tracked ${tracked.length === 1 ? 'repository is' : 'repositories are'} forgotten.` : '',
        ].filter(Boolean).join(' ');
        const ok = await vscode.window.showWarningMessage(`Remove the registry "${registry.name}"?`, { modal: true, detail }, 'Remove');
        if (ok !== 'Remove') return undefined;
      }
      await ctx.service.remove(registry.id);
      ctx.log.info(`registry removed: ${registry.url}`);
      return { id: registry.id, url: registry.url, removed: true };
    });
  };
}
