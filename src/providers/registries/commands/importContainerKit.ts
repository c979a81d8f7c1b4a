import * as vscode from 'vscode';
import { containerKitDatabasePath } from '../../../registries/containerKitPlace';
import { importContainerKit as importIntoCatalog, type ContainerKitImport } from '../../../registries/importContainerKit';
import type { Catalog } from '../../../store/catalog';
import { ForeignDatabaseError } from '../../../store/foreignDatabase';
import { readArgs } from '../../common/commandArgs';
import { pickDatabaseFile } from '../../common/pickDatabaseFile';
import { runCommand, type CommandHandler } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { asNode, type RegistryCommandContext } from './registryCommandContext';

/**
 * `containerCatalog.registries.importContainerKit` — `{ file, dryRun? }` or a file picker (opened where
 * Container Kit keeps its database). From the palette it first runs a dry run and asks before importing;
 * called with an argument object it does what it is told and resolves with the report (what was, or would
 * be, added, matched and skipped).
 */
export function importContainerKit(ctx: RegistryCommandContext, catalog: () => Promise<Catalog>): CommandHandler {
  return async (arg?: unknown) => {
    const o = asNode(arg) ? undefined : readArgs(CommandIds.registriesImportContainerKit, arg, { file: { kind: 'string', max: 4096 }, dryRun: 'boolean' });
    return runCommand(
      { title: vscode.l10n.t('Import Container Kit database'), log: ctx.log, programmatic: o !== undefined, expected: (e) => e instanceof ForeignDatabaseError },
      async () => {
        if (o && !o.file) throw new Error(vscode.l10n.t('{0}: "file" is required.', CommandIds.registriesImportContainerKit));
        const file = o?.file ?? (await pickDatabaseFile(vscode.l10n.t('Import Container Kit Database'), containerKitDatabasePath()));
        if (!file) return undefined;
        const store = await catalog();
        if (o) return report(ctx, await importIntoCatalog(store, file, { dryRun: o.dryRun }));
        const preview = report(ctx, await importIntoCatalog(store, file, { dryRun: true }));
        if (preview.alreadyImported) {
          void vscode.window.showInformationMessage(vscode.l10n.t('{0} was imported before; nothing to do.', preview.file));
          return preview;
        }
        if (!preview.added.length) {
          void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no registry the catalog does not already have ({1} already there, {2} skipped).', preview.file, preview.existing.length, preview.skipped.length));
          return preview;
        }
        const go = vscode.l10n.t('Import');
        const answer = await vscode.window.showInformationMessage(
          vscode.l10n.t('Import {0} registries from Container Kit?', preview.added.length),
          { modal: true, detail: summary(preview) },
          go,
        );
        if (answer !== go) return undefined;
        const done = report(ctx, await importIntoCatalog(store, file));
        ctx.tree.refresh();
        void vscode.window.showInformationMessage(done.alreadyImported
          ? vscode.l10n.t('{0} was imported before; nothing to do.', done.file)
          : vscode.l10n.t('Imported {0} registries from Container Kit. Those it was logged in to need a login here.', done.added.length));
        return done;
      },
    );
  };
}

function summary(r: ContainerKitImport): string {
  return [
    ...r.added.map((a) => `+ ${a.name} (${a.url})${a.loginNeeded ? ` — ${vscode.l10n.t('login needed')}` : ''}`),
    ...r.existing.map((e) => `= ${e.name} (${e.url}) — ${vscode.l10n.t('already in the catalog as {0}', e.catalogName)}`),
    ...r.skipped.map((s) => `! ${s.name} (${s.url}) — ${s.reason}`),
  ].join('\n');
}

function report(ctx: RegistryCommandContext, r: ContainerKitImport): ContainerKitImport {
  ctx.log.info(`${r.dryRun ? 'dry run of the ' : ''}Container Kit import of ${r.file} (sha256 ${r.sha256})${r.alreadyImported ? ': imported before, nothing to do' : ''}`);
  for (const line of summary(r).split('\n').filter(Boolean)) ctx.log.info(`  ${line}`);
  return r;
}
