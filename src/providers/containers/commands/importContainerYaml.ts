import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { importContainer } from '../../../containers/yamlTransfer';
import { requiredName, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';

const ARGS = { file: 'string', name: 'string', show: 'boolean' } as const;

/**
 * `containerCatalog.containers.importYaml` — `{ file, name, show? }` or an open dialog and a name: a draft
 * in the local catalog. Resolves with `{ name, missingProfiles }` (profiles the local catalog lacks are left out).
 */
export function importContainerYaml(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const a = readArgs(CommandIds.containersImportYaml, arg, ARGS);
    return runCommand(ctx.commandRun(vscode.l10n.t('Import container YAML'), a !== undefined), async () => {
      let file = requiredArg(a, 'file');
      if (!file) {
        const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { YAML: ['yaml', 'yml'] }, openLabel: 'Import container' });
        if (!picked?.length) return undefined;
        file = picked[0].fsPath;
      }
      const name = await ctx.text(requiredArg(a, 'name'), vscode.l10n.t('Name of the draft container'), requiredName(vscode.l10n.t('container name')));
      if (!name) return undefined;
      const engine = await ctx.localCatalog();
      if (!engine) throw new Error('The local catalog engine is missing.');
      const r = await importContainer(await ctx.catalog(), engine, name, await readFile(file, 'utf8'));
      if (r.missingProfiles.length && a?.show !== false) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Imported {0}; profiles not in the local catalog were left out: {1}. Import them first to keep them.', name, r.missingProfiles.join(', ')));
      }
      ctx.provider.refresh(false);
      return { name, missingProfiles: r.missingProfiles };
    });
  };
}
