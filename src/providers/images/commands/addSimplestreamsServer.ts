import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { runCommand, type CommandHandler } from '../../common/runCommand';
import { ImageCommandIds } from '../../platform/ids';
import { addServer, ensureServerList, normalizeServerUrl, readServerList } from '../../../images/serverList';
import { fromCode, type ImageCommandContext } from '../imageCommandContext';
import { readImageSettings } from '../imageSettings';
import { refreshSimplestreamsFromUi } from '../followServerSetting';

/** `containerCatalog.imageSources.addSimplestreams` — `{ url }` or an input box. Resolves with the server list. */
export function addSimplestreamsServer(ctx: ImageCommandContext): CommandHandler {
  return async (arg?: unknown) =>
    runCommand({ title: vscode.l10n.t('Adding the simplestreams server'), log: ctx.deps.log, programmatic: fromCode(arg) }, async () => {
      const a = readArgs(ImageCommandIds.addSimplestreams, arg, { url: 'string' });
      const url = requiredArg(a, 'url') ?? await vscode.window.showInputBox({
        title: vscode.l10n.t('Add Simplestreams Server'), prompt: vscode.l10n.t('Base URL of an LXD/Incus image server (it serves streams/v1/index.json)'),
        placeHolder: vscode.l10n.t('https://images.linuxcontainers.org'), validateInput: validUrl, ignoreFocusOut: true,
      });
      if (!url) return undefined;
      const catalog = await ctx.deps.catalog();
      // The list is made from the setting first, so the first server added does not replace the configured ones.
      await ensureServerList(catalog, readImageSettings().simplestreamsServers);
      const added = await addServer(catalog, url);
      ctx.deps.log.info(`simplestreams server added: ${added}`);
      // From the palette the new server is read at once, so the view shows it (or says it could not be read).
      // Code that adds servers refreshes when it chooses.
      if (!fromCode(arg)) void refreshSimplestreamsFromUi();
      return readServerList(catalog);
    });
}

function validUrl(v: string): string | undefined {
  try {
    normalizeServerUrl(v);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
