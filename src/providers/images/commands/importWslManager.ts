import * as vscode from 'vscode';
import { importWslManager as importIntoCatalog, type WslManagerImport } from '../../../images/importWslManager';
import { wslManagerDatabasePath } from '../../../images/wslManagerPlace';
import { ForeignDatabaseError } from '../../../store/foreignDatabase';
import { readArgs } from '../../common/commandArgs';
import { pickDatabaseFile } from '../../common/pickDatabaseFile';
import { runCommand, type CommandHandler } from '../../common/runCommand';
import { ImageCommandIds } from '../../platform/ids';
import { asNode, fromCode, type ImageCommandContext } from '../imageCommandContext';

/**
 * `containerCatalog.localImages.importWslManager` — `{ file, dryRun? }` or a file picker opened where
 * Wsl-Manager keeps images.db. From the palette it runs a dry run first and asks before importing; called
 * with an argument object it does what it is told and resolves with the report.
 */
export function importWslManager(ctx: ImageCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const o = asNode(arg) ? undefined : readArgs(ImageCommandIds.importWslManager, arg, { file: { kind: 'string', max: 4096 }, dryRun: 'boolean' });
    return runCommand(
      { title: vscode.l10n.t('Import Wsl-Manager database'), log: ctx.deps.log, programmatic: fromCode(arg), expected: (e) => e instanceof ForeignDatabaseError },
      async () => {
        if (o && !o.file) throw new Error(vscode.l10n.t('{0}: "file" is required.', ImageCommandIds.importWslManager));
        const file = o?.file ?? (await pickDatabaseFile(vscode.l10n.t('Import Wsl-Manager Database'), wslManagerDatabasePath()));
        if (!file) return undefined;
        const catalog = await ctx.deps.catalog();
        const dir = await ctx.imagesDir();
        const run = (dryRun: boolean): Thenable<WslManagerImport> => vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: dryRun ? vscode.l10n.t('Reading {0}', file) : vscode.l10n.t('Importing {0}', file) },
          async () => report(ctx, await importIntoCatalog(catalog, dir, file, { dryRun })),
        );
        if (o) return run(o.dryRun === true);
        const preview = await run(true);
        if (preview.alreadyImported) {
          void vscode.window.showInformationMessage(vscode.l10n.t('{0} was imported before; nothing to do.', preview.file));
          return preview;
        }
        const go = vscode.l10n.t('Import');
        const answer = await vscode.window.showInformationMessage(
          vscode.l10n.t('Import from Wsl-Manager (schema {0}): {1} image sources, {2} local images ({3} files verified by digest)?',
            preview.userVersion, preview.sources.added.length, preview.localImages.added.length + preview.legacyImages.length, preview.files.length),
          { modal: true, detail: summary(preview) },
          go,
        );
        if (answer !== go) return undefined;
        const done = await run(false);
        void vscode.window.showInformationMessage(done.alreadyImported
          ? vscode.l10n.t('{0} was imported before; nothing to do.', done.file)
          : vscode.l10n.t('Imported {0} image sources and {1} local images from Wsl-Manager.', done.sources.added.length, done.localImages.added.length + done.legacyImages.length));
        return done;
      },
    );
  };
}

function summary(r: WslManagerImport): string {
  const line = (sign: string, i: { name: string; note?: string }): string => `${sign} ${i.name}${i.note ? ` — ${i.note}` : ''}`;
  return [
    ...r.sources.added.map((i) => line('+', i)),
    ...r.sources.existing.map((i) => line('=', i)),
    ...r.sources.skipped.map((i) => line('!', i)),
    ...r.localImages.added.map((i) => line('+', i)),
    ...r.localImages.existing.map((i) => line('=', i)),
    ...r.localImages.skipped.map((i) => line('!', i)),
    ...r.legacyImages.map((i) => line('+', i)),
    ...r.caches.skipped.map((i) => line('!', i)),
  ].join('\n');
}

function report(ctx: ImageCommandContext, r: WslManagerImport): WslManagerImport {
  const log = ctx.deps.log;
  log.info(`${r.dryRun ? 'dry run of the ' : ''}Wsl-Manager import of ${r.file} (schema ${r.userVersion}, sha256 ${r.sha256})${r.alreadyImported ? ': imported before, nothing to do' : ''}`);
  for (const l of summary(r).split('\n').filter(Boolean)) log.info(`  ${l}`);
  for (const f of r.files) log.info(`  ${r.dryRun ? 'would copy' : 'copied'} ${f.from} → ${f.fileName}`);
  return r;
}
