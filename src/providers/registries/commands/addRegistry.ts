import * as vscode from 'vscode';
import type { RegistryInput } from '../../../registries/registryService';
import { defaultRegistryName } from '../../../registries/registryService';
import { normalizeRegistryUrl, RegistryUrlError } from '../../../registries/registryUrl';
import { promptTls } from './promptTls';
import { ArgumentError, readArgs, type ArgsOf } from '../../common/commandArgs';
import { type CommandHandler } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { runRegistryCommand, type RegistryCommandContext } from './registryCommandContext';

/** `containerCatalog.registries.add` — `{ url, name?, insecure?, caFile? }`, or input boxes. Resolves with `{ id, name, url }`. */
export function addRegistry(ctx: RegistryCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const o = typeof arg === 'string' ? undefined : readArgs(CommandIds.registriesAdd, arg, ADD_ARGS);
    return runRegistryCommand(ctx, vscode.l10n.t('Add registry'), o !== undefined, async () => {
      const input = o ? fromArgs(o) : await prompt(ctx);
      if (!input) return undefined;
      const r = await ctx.service.add(input);
      ctx.log.info(`registry added: ${r.url} (${r.name})`);
      ctx.tree.refreshRegistryList();
      if (!o) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Added {0}. Log in now, or browse it anonymously.', r.name), vscode.l10n.t('Log In')).then((a) => {
          if (a) void vscode.commands.executeCommand(CommandIds.registriesLogin, r.id); // a bare id: the login asks
        });
      }
      return { id: r.id, name: r.name, url: r.url };
    });
  };
}

const ADD_ARGS = { url: { kind: 'string', max: 2048 }, name: { kind: 'string', max: 200 }, insecure: 'boolean', caFile: 'string' } as const;

function fromArgs(o: ArgsOf<typeof ADD_ARGS>): RegistryInput {
  const url = o.url;
  if (!url) throw new ArgumentError('"url" is required, e.g. { url: "localhost:5000" }.');
  return { url, name: o.name, insecure: o.insecure, caFile: o.caFile };
}

async function prompt(ctx: RegistryCommandContext): Promise<RegistryInput | undefined> {
  const url = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Registry (1/3)'),
    prompt: vscode.l10n.t('Registry address: docker.io, ghcr.io, quay.io, localhost:5000, https://registry.example.com:8443'),
    placeHolder: vscode.l10n.t('host[:port] or https://host[:port]'),
    ignoreFocusOut: true,
    validateInput: async (value) => {
      if (!value.trim()) return undefined; // no nagging before typing
      try {
        const existing = await ctx.service.find(value);
        return existing ? vscode.l10n.t('Already added as "{0}".', existing.name) : undefined;
      } catch (e) {
        return e instanceof RegistryUrlError ? e.message : undefined;
      }
    },
  });
  if (!url?.trim()) return undefined;
  const endpoint = normalizeRegistryUrl(url);
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Registry (2/3)'),
    prompt: vscode.l10n.t('Name shown in the Registries view'),
    value: defaultRegistryName(endpoint),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a name.')),
  });
  if (name === undefined) return undefined;
  const tls = await promptTls(vscode.l10n.t('Add Registry (3/3)'), endpoint.scheme, { insecure: false, caFile: null });
  if (!tls) return undefined;
  return { url, name, ...tls };
}
