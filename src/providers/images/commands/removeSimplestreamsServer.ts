import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { runCommand, type CommandHandler } from '../../common/runCommand';
import { ImageCommandIds } from '../../platform/ids';
import { ensureServerList, removeServer } from '../../../images/serverList';
import { fromCode, type ImageCommandContext } from '../imageCommandContext';
import { readImageSettings } from '../imageSettings';

/**
 * `containerCatalog.imageSources.removeSimplestreams` — `{ url }` or a quick pick of the list. Removes the
 * server and the image sources it offered (local images stay); resolves with how many sources went.
 */
export function removeSimplestreamsServer(ctx: ImageCommandContext): CommandHandler {
  return async (arg?: unknown) =>
    runCommand({ title: vscode.l10n.t('Removing the simplestreams server'), log: ctx.deps.log, programmatic: fromCode(arg) }, async () => {
      const a = readArgs(ImageCommandIds.removeSimplestreams, arg, { url: 'string' });
      const catalog = await ctx.deps.catalog();
      const servers = await ensureServerList(catalog, readImageSettings().simplestreamsServers);
      const url = requiredArg(a, 'url') ?? await vscode.window.showQuickPick(servers, { title: vscode.l10n.t('Remove Simplestreams Server'), placeHolder: vscode.l10n.t('Its image sources are removed; local images stay') });
      if (!url) return undefined;
      const { removedRows } = await removeServer(catalog, url);
      ctx.deps.log.info(`simplestreams server removed: ${url} (${removedRows} image sources removed)`);
      return removedRows;
    });
}
