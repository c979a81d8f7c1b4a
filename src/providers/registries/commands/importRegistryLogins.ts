import * as vscode from 'vscode';
import { defaultAuthFiles } from '../../../registries/authFileImport';
import { importLogins } from '../../../registries/importLogins';
import { readArgs } from '../../common/commandArgs';
import { signalOf, type CommandHandler } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { asNode, runRegistryCommand, type RegistryCommandContext } from './registryCommandContext';

/**
 * `containerCatalog.registries.importLogins` — `{ files? }` (default: docker's config.json and the
 * containers auth.json files). Each login is verified before it is saved; entries kept by credential
 * helpers are named so the user can log in by hand. Resolves with the report (no secrets in it).
 */
export function importRegistryLogins(ctx: RegistryCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const o = asNode(arg) ? undefined : readArgs(CommandIds.registriesImportLogins, arg, { files: 'string[]' });
    return runRegistryCommand(ctx, vscode.l10n.t('Import logins'), o !== undefined, async () => {
      let files = defaultAuthFiles();
      if (o?.files !== undefined) files = [...o.files];
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Importing registry logins…'), cancellable: true },
        (_p, token) => importLogins(ctx.service, files, signalOf(token)),
      );
      ctx.tree.refresh();
      ctx.log.info(`import of registry logins from ${report.filesRead.join(', ') || 'no file found'}`);
      for (const i of report.imported) ctx.log.info(`  imported ${i.username} @ ${i.url}${i.added ? ' (registry added)' : ''}`);
      for (const f of report.failed) ctx.log.warn(`  not imported ${f.username} @ ${f.url}: ${f.reason}`);
      for (const h of report.helpers) ctx.log.info(`  ${h.registry} uses ${h.helper} (${h.file}): log in by hand`);
      for (const s of report.skipped) ctx.log.info(`  skipped ${s.registry} (${s.file}): ${s.reason}`);
      if (!o) {
        const parts = [
          report.filesRead.length ? `Imported ${report.imported.length} login${report.imported.length === 1 ? '' : 's'}` : `No docker or podman auth file found (looked at ${files.join(', ')})`,
          report.failed.length ? `${report.failed.length} could not be verified (${report.failed.map((f) => f.url).join(', ')})` : '',
          report.helpers.length ? `credential helpers hold ${report.helpers.map((h) => h.registry).join(', ')}: log in to those by hand` : '',
        ].filter(Boolean);
        const show = report.failed.length || report.helpers.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
        void show(`${parts.join('; ')}.`, 'Show Log').then((a) => a && ctx.log.show(true));
      }
      return report;
    });
  };
}
