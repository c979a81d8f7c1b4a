import * as vscode from 'vscode';
import type { RegistryEdit } from '../../../registries/registryService';
import { normalizeRegistryUrl, RegistryUrlError } from '../../../registries/registryUrl';
import { promptTls } from './promptTls';
import { ArgumentError, isPlainObject } from '../../common/commandArgs';
import { signalOf, type CommandHandler } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { pickRegistry, registryRefFrom, registryArgs, runRegistryCommand, type RegistryCommandContext } from './registryCommandContext';

/**
 * `containerCatalog.registries.edit` — `{ id|url, name?, newUrl?, insecure?, caFile?, username?, password? }`
 * or a quick pick of what to change. Edits in place (same id, same tracked repositories); a new password
 * is verified before anything is saved.
 */
const EDIT_ARGS = {
  name: { kind: 'string', max: 200 },
  newUrl: { kind: 'string', max: 2048 },
  insecure: 'boolean',
  caFile: 'string',
  username: { kind: 'string', max: 512 },
  password: { kind: 'string', max: 16384 },
} as const;

export function editRegistry(ctx: RegistryCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const o = registryArgs(CommandIds.registriesEdit, arg, EDIT_ARGS);
    // null clears the CA file; the reader treats null as absent, so look at it before.
    const clearCa = isPlainObject(arg) && (arg as { caFile?: unknown }).caFile === null;
    return runRegistryCommand(ctx, vscode.l10n.t('Edit registry'), o !== undefined, async () => {
      const ref = registryRefFrom(arg, o) ?? (o ? undefined : await pickRegistry(ctx, vscode.l10n.t('Edit registry')));
      if (!ref) {
        if (o) throw new ArgumentError('"id" or "url" of the registry is required.');
        return undefined;
      }
      const registry = await ctx.service.get(ref);
      let edit: RegistryEdit | undefined;
      if (o) {
        edit = {
          name: o.name,
          url: o.newUrl,
          insecure: o.insecure,
          caFile: clearCa ? null : o.caFile,
          username: o.username,
          password: o.password,
        };
      } else {
        const field = await vscode.window.showQuickPick(
          [
            { label: vscode.l10n.t('Name'), description: registry.name, key: 'name' as const },
            { label: vscode.l10n.t('Address'), description: registry.url, key: 'url' as const },
            { label: vscode.l10n.t('TLS'), description: registry.insecure ? vscode.l10n.t('insecure') : registry.caFile ? vscode.l10n.t('CA file {0}', registry.caFile) : vscode.l10n.t('system certificates'), key: 'tls' as const },
            { label: vscode.l10n.t('Credentials'), description: registry.loggedIn ? vscode.l10n.t('logged in as {0}', String(registry.username)) : vscode.l10n.t('anonymous'), key: 'login' as const },
          ],
          { title: vscode.l10n.t('Edit {0}', registry.name), placeHolder: vscode.l10n.t('What do you want to change?') },
        );
        if (!field) return undefined;
        // The bare id, not an argument object: the login asks for the credentials.
        if (field.key === 'login') return vscode.commands.executeCommand(CommandIds.registriesLogin, registry.id);
        if (field.key === 'name') {
          const name = await vscode.window.showInputBox({ title: vscode.l10n.t('Rename {0}', registry.name), value: registry.name, validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a name.')) });
          if (name === undefined) return undefined;
          edit = { name };
        } else if (field.key === 'url') {
          const url = await vscode.window.showInputBox({
            title: vscode.l10n.t('Address of {0}', registry.name),
            value: registry.url,
            validateInput: async (v) => {
              try {
                const existing = await ctx.service.find(v);
                return existing && existing.id !== registry.id ? vscode.l10n.t('Already added as "{0}".', existing.name) : undefined;
              } catch (e) {
                return e instanceof RegistryUrlError ? e.message : undefined;
              }
            },
          });
          if (url === undefined) return undefined;
          edit = { url };
        } else {
          const tls = await promptTls(vscode.l10n.t('TLS of {0}', registry.name), normalizeRegistryUrl(registry.url).scheme, registry);
          if (!tls) return undefined;
          edit = tls;
        }
      }
      const changes = edit;
      const updated = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Saving {0}…', registry.name), cancellable: true },
        (_p, token) => ctx.service.update(registry.id, changes, signalOf(token)),
      );
      ctx.log.info(`registry ${registry.url}: edited${updated.url !== registry.url ? ` (now ${updated.url})` : ''}`);
      return { id: updated.id, name: updated.name, url: updated.url, insecure: updated.insecure, caFile: updated.caFile, loggedIn: updated.loggedIn, username: updated.username };
    });
  };
}
