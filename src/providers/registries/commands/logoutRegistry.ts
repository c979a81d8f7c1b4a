import * as vscode from 'vscode';
import { ArgumentError } from '../../common/commandArgs';
import { type CommandHandler } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { pickRegistry, registryRefFrom, registryArgs, runRegistryCommand, type RegistryCommandContext } from './registryCommandContext';

/** `containerCatalog.registries.logout` — `{ id|url }` or a registry node; removes the saved secret. */
export function logoutRegistry(ctx: RegistryCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const o = registryArgs(CommandIds.registriesLogout, arg, {});
    const programmatic = o !== undefined;
    return runRegistryCommand(ctx, vscode.l10n.t('Log out'), programmatic, async () => {
      const ref = registryRefFrom(arg, o) ?? (programmatic ? undefined : await pickRegistry(ctx, vscode.l10n.t('Log out of registry'), (r) => r.loggedIn));
      if (!ref) {
        if (programmatic) throw new ArgumentError('"id" or "url" of the registry is required.');
        return undefined;
      }
      const r = await ctx.service.logout(ref);
      ctx.log.info(`registry ${r.url}: logged out`);
      if (!programmatic) void vscode.window.showInformationMessage(vscode.l10n.t('Logged out of {0}; its saved password was removed.', r.name));
      return { id: r.id, loggedIn: r.loggedIn };
    });
  };
}
