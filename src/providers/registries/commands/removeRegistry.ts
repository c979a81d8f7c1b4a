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
    return runRegistryCommand(ctx, vscode.l10n.t('Remove registry'), o !== undefined, async () => {
      const ref = registryRefFrom(arg, o) ?? (o ? undefined : await pickRegistry(ctx, vscode.l10n.t('Remove registry')));
      if (!ref) {
        if (o) throw new ArgumentError('"id" or "url" of the registry is required.');
        return undefined;
      }
      // Code never gets the modal: it says it skips it, or it is refused before anything is read.
      if (o && o.skipConfirmation !== true) throw new ArgumentError('"skipConfirmation": true is required when called with an argument object (the palette and menus ask instead).');
      const registry = await ctx.service.get(ref);
      if (o?.skipConfirmation !== true) {
        const tracked = await ctx.service.browser.trackedRepositories(registry.id);
        const detail = [
          vscode.l10n.t('{0} will no longer appear in the Registries view.', registry.url),
          registry.loggedIn ? vscode.l10n.t('The saved login of {0} is deleted from the keychain.', String(registry.username)) : '',
          tracked.length === 1 ? vscode.l10n.t('1 tracked repository is forgotten.') : tracked.length ? vscode.l10n.t('{0} tracked repositories are forgotten.', tracked.length) : '',
        ].filter(Boolean).join(' ');
        const ok = await vscode.window.showWarningMessage(vscode.l10n.t('Remove the registry "{0}"?', registry.name), { modal: true, detail }, vscode.l10n.t('Remove'));
        if (ok !== vscode.l10n.t('Remove')) return undefined;
      }
      await ctx.service.remove(registry.id);
      ctx.log.info(`registry removed: ${registry.url}`);
      return { id: registry.id, url: registry.url, removed: true };
    });
  };
}
