import * as vscode from 'vscode';
import { ArgumentError } from '../../common/commandArgs';
import { signalOf, type CommandHandler } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { pickRegistry, registryRefFrom, registryArgs, runRegistryCommand, type RegistryCommandContext } from './registryCommandContext';

/**
 * `containerCatalog.registries.login` — `{ id|url, username, password }` (both required: code is never asked),
 * or input boxes (a node, a bare id string, the palette). The login is
 * verified against /v2/ before anything is saved; the password goes only to SecretStorage.
 * Resolves with `{ id, username, credentialsVerified }`.
 */
export function loginRegistry(ctx: RegistryCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const o = registryArgs(CommandIds.registriesLogin, arg, { username: { kind: 'string', max: 512 }, password: { kind: 'string', max: 16384 } });
    return runRegistryCommand(ctx, vscode.l10n.t('Log in'), o !== undefined, async () => {
      const ref = registryRefFrom(arg, o) ?? (o ? undefined : await pickRegistry(ctx, vscode.l10n.t('Log in to registry')));
      if (!ref) {
        if (o) throw new ArgumentError('"id" or "url" of the registry is required.');
        return undefined;
      }
      // Code is never asked: both are checked before the registry is even looked up.
      if (o && (!o.username || !o.password)) throw new ArgumentError(`${CommandIds.registriesLogin}: "username" and "password" are both required.`);
      const registry = await ctx.service.get(ref);
      let username: string | undefined;
      let password: string | undefined;
      if (o?.username && o.password) {
        username = o.username;
        password = o.password;
      } else {
        username = await vscode.window.showInputBox({
          title: vscode.l10n.t('Log in to {0}', registry.name),
          prompt: vscode.l10n.t('User name'),
          value: registry.username ?? '',
          ignoreFocusOut: true,
          validateInput: (v) => (!v.trim() ? vscode.l10n.t('Enter a user name.') : v.includes(':') ? vscode.l10n.t('A user name cannot contain ":".') : undefined),
        });
        if (username === undefined) return undefined;
        password = await vscode.window.showInputBox({
          title: vscode.l10n.t('Log in to {0} as {1}', registry.name, username.trim()),
          prompt: vscode.l10n.t('Password or access token (kept only in VS Code\'s secret storage)'),
          password: true,
          ignoreFocusOut: true,
          validateInput: (v) => (v ? undefined : vscode.l10n.t('Enter the password or token.')),
        });
        if (password === undefined) return undefined;
      }
      const user = username;
      const secret = password;
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Verifying the login to {0}…', registry.name), cancellable: true },
        (_progress, token) => ctx.service.login(registry.id, user, secret, signalOf(token)),
      );
      const note = result.credentialsVerified ? '' : ' (this registry does not ask for credentials, so they could not be checked)';
      // The service logs the login (every caller's, the CLI's too); this face only tells the user.
      if (!o) void vscode.window.showInformationMessage(vscode.l10n.t('Logged in to {0} as {1}{2}.', registry.name, String(result.registry.username), note));
      return { id: registry.id, username: result.registry.username, credentialsVerified: result.credentialsVerified };
    });
  };
}
