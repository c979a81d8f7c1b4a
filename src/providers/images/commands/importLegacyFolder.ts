import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { runCommand, type CommandHandler } from '../../common/runCommand';
import { ImageCommandIds } from '../../platform/ids';
import { importLegacyFolder as importIntoCatalog } from '../../../images/importLegacyFolder';
import { asNode, fromCode, type ImageCommandContext } from '../imageCommandContext';

/**
 * `containerCatalog.localImages.importLegacyFolder` — `{ folder }` or a folder dialog. Migrates a folder
 * of legacy images once; resolves with how many were imported.
 */
export function importLegacyFolder(ctx: ImageCommandContext): CommandHandler {
  return async (arg?: unknown) =>
    runCommand({ title: vscode.l10n.t('Importing the legacy folder'), log: ctx.deps.log, programmatic: fromCode(arg) }, async () => {
      const folder = (asNode(arg) ? undefined : requiredArg(readArgs(ImageCommandIds.importLegacyFolder, arg, { folder: 'string' }), 'folder')) ?? (await pickFolder());
      if (!folder) return undefined;
      const catalog = await ctx.deps.catalog();
      const r = await importIntoCatalog(catalog, await ctx.imagesDir(), folder);
      if (r.alreadyImported) void vscode.window.showInformationMessage(vscode.l10n.t('{0} was imported before; nothing to do.', folder));
      else ctx.deps.log.info(`legacy import of ${folder}: ${r.imported.length} image(s)`);
      return r.imported.length;
    });
}

async function pickFolder(): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({ title: vscode.l10n.t('Import Legacy Image Folder'), canSelectFolders: true, canSelectFiles: false, openLabel: vscode.l10n.t('Import') });
  return picked?.[0]?.fsPath;
}
