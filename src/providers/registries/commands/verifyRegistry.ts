import * as vscode from 'vscode';
import { ArgumentError } from '../../common/commandArgs';
import { signalOf, type CommandHandler } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { pickRegistry, registryRefFrom, registryArgs, runRegistryCommand, type RegistryCommandContext } from './registryCommandContext';

/** `containerCatalog.registries.verify` — `{ id|url }`: probes /v2/ with the saved login now and records the outcome. */
export function verifyRegistry(ctx: RegistryCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const o = registryArgs(CommandIds.registriesVerify, arg, {});
    const programmatic = o !== undefined;
    return runRegistryCommand(ctx, vscode.l10n.t('Verify registry'), programmatic, async () => {
      const ref = registryRefFrom(arg, o) ?? (programmatic ? undefined : await pickRegistry(ctx, vscode.l10n.t('Verify registry now')));
      if (!ref) {
        if (programmatic) throw new ArgumentError('"id" or "url" of the registry is required.');
        return undefined;
      }
      const registry = await ctx.service.get(ref);
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking {0}…', registry.name), cancellable: true },
        (_p, token) => ctx.service.verify(registry.id, signalOf(token)),
      );
      if (result.ok) {
        ctx.log.info(`registry ${registry.url}: verified`);
        if (!programmatic) void vscode.window.showInformationMessage(vscode.l10n.t('{0} answers{1}.', registry.name, registry.loggedIn ? ` and accepts the login of ${registry.username}` : ''));
      } else {
        ctx.log.warn(`registry ${registry.url}: verification failed: ${result.error?.message}`);
        if (!programmatic) void vscode.window.showWarningMessage(vscode.l10n.t('{0}: {1}', registry.name, result.error?.message ?? ''));
      }
      return { id: registry.id, ok: result.ok, error: result.error?.message };
    });
  };
}
