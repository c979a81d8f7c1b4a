import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { runCommand, type CommandHandler } from '../../common/runCommand';
import { ImageCommandIds } from '../../platform/ids';
import { ImageCancelledError } from '../../../images/imageCatalogError';
import { addUriSource, type UriSourceInput } from '../../../images/uriSources';
import { fromCode, withProgress, type ImageCommandContext } from '../imageCommandContext';

const HTTP_URL = /^https?:\/\/\S+$/;

/**
 * `containerCatalog.imageSources.addUri` — `{ url, digestUrl?, distribution?, release?, name? }` or two
 * input boxes. Reads the checksum (cancellable) and resolves with the new ImageSource Id.
 */
export function addImageUrl(ctx: ImageCommandContext): CommandHandler {
  return async (arg?: unknown) =>
    runCommand(
      { title: vscode.l10n.t('Adding the image URL'), log: ctx.deps.log, programmatic: fromCode(arg), cancelled: (e) => e instanceof ImageCancelledError },
      async () => {
        const a = readArgs(ImageCommandIds.addUri, arg, { url: 'string', digestUrl: 'string', distribution: 'string', release: 'string', name: 'string' });
        const url = requiredArg(a, 'url');
        const input = a && url ? { ...a, url } : await prompt();
        if (!input) return undefined;
        const catalog = await ctx.deps.catalog();
        const id = await withProgress(ctx, vscode.l10n.t('Reading the checksum of {0}', input.url), ({ signal }) => addUriSource(catalog, input, { signal }));
        if (id !== undefined) ctx.deps.log.info(`image URL added: ${input.url}`);
        return id;
      },
    );
}

async function prompt(): Promise<UriSourceInput | undefined> {
  const url = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Image URL (1/2)'), prompt: vscode.l10n.t('URL of a rootfs tarball (http or https)'), ignoreFocusOut: true,
    validateInput: (v) => (HTTP_URL.test(v.trim()) ? undefined : vscode.l10n.t('Enter an http(s) URL')),
  });
  if (!url) return undefined;
  const digestUrl = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Image URL (2/2)'), prompt: vscode.l10n.t('Checksum file (SHA256SUMS or a .sha256 file); empty: look next to the tarball'),
    ignoreFocusOut: true, validateInput: (v) => (!v.trim() || HTTP_URL.test(v.trim()) ? undefined : vscode.l10n.t('Enter an http(s) URL or nothing')),
  });
  if (digestUrl === undefined) return undefined;
  return { url: url.trim(), digestUrl: digestUrl.trim() || undefined };
}
