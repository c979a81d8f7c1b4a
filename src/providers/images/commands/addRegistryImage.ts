import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { runCommand, type CommandHandler } from '../../common/runCommand';
import { ImageCommandIds } from '../../platform/ids';
import { ImageCancelledError } from '../../../images/imageCatalogError';
import { listImageRegistries } from '../../../images/listImageRegistries';
import { credentialsFromSecrets } from '../../../images/registryCredentials';
import { addRegistryImage as addToCatalog } from '../../../images/registryImages';
import { isRegistryError } from '../../../registries/registryError';
import type { Catalog } from '../../../store/catalog';
import { fromCode, withProgress, type ImageCommandContext } from '../imageCommandContext';

/**
 * `containerCatalog.imageSources.addRegistryImage` — `{ registryId, repository, tag }`, or a registry pick
 * and a `repository:tag` input box. Reads the manifest digest (HEAD) and resolves with the ImageSource Id.
 */
export function addRegistryImage(ctx: ImageCommandContext): CommandHandler {
  return async (arg?: unknown) =>
    runCommand(
      {
        title: vscode.l10n.t('Adding the registry image'),
        log: ctx.deps.log,
        programmatic: fromCode(arg),
        cancelled: (e) => e instanceof ImageCancelledError || isRegistryError(e, 'cancelled'),
      },
      async () => {
        const a = readArgs(ImageCommandIds.addRegistryImage, arg, { registryId: 'string', repository: 'string', tag: 'string' });
        const catalog = await ctx.deps.catalog();
        const registryId = requiredArg(a, 'registryId') ?? (await pickRegistry(catalog));
        if (!registryId) return undefined;
        requiredArg(a, 'repository');
        requiredArg(a, 'tag');
        const ref = a?.repository && a.tag ? { repository: a.repository, tag: a.tag } : await promptReference();
        if (!ref) return undefined;
        const input = { registryId, ...ref };
        return withProgress(ctx, vscode.l10n.t('Reading {0}:{1}', ref.repository, ref.tag), ({ signal }) =>
          addToCatalog(catalog, input, credentialsFromSecrets(ctx.deps.secrets), signal),
        );
      },
    );
}

async function pickRegistry(catalog: Catalog): Promise<string | undefined> {
  const registries = await listImageRegistries(catalog);
  if (!registries.length) throw new Error('there is no registry in the catalog; add one in the Registries view first');
  const pick = await vscode.window.showQuickPick(registries.map((r) => ({ label: r.name, description: r.url, id: r.id })), { title: vscode.l10n.t('Add Registry Image: registry') });
  return pick?.id;
}

async function promptReference(): Promise<{ repository: string; tag: string } | undefined> {
  const ref = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Registry Image: repository and tag'), prompt: vscode.l10n.t('repository:tag, e.g. library/alpine:3.20'), ignoreFocusOut: true,
    validateInput: (v) => (/^[a-z0-9][a-z0-9._/-]*:[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/.test(v.trim()) ? undefined : vscode.l10n.t('Enter repository:tag')),
  });
  if (!ref) return undefined;
  const i = ref.trim().lastIndexOf(':');
  return { repository: ref.trim().slice(0, i), tag: ref.trim().slice(i + 1) };
}
