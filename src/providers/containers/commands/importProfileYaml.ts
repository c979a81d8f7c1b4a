import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { getEngine } from '../../../containers/engineRegistry';
import { importProfile } from '../../../containers/yamlTransfer';
import type { CommandHandler, ContainerCommandContext } from './containerCommandContext';

const ARGS = { file: 'string', engine: 'string', name: 'string' } as const;

/** `containerCatalog.profiles.importYaml` — `{ file, engine?, name? }` or an open dialog; into the local catalog (a draft) by default. Resolves with the name. */
export function importProfileYaml(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const a = readArgs(CommandIds.profilesImportYaml, arg, ARGS);
    return runCommand(ctx.commandRun(vscode.l10n.t('Import profile YAML'), a !== undefined), async () => {
      let file = requiredArg(a, 'file');
      if (!file) {
        const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { YAML: ['yaml', 'yml'] }, openLabel: 'Import profile' });
        if (!picked?.length) return undefined;
        file = picked[0].fsPath;
      }
      const engine = a?.engine !== undefined ? await getEngine(await ctx.catalog(), a.engine) : await ctx.localCatalog();
      if (!engine) throw new Error('No engine to import into.');
      const name = await importProfile(await ctx.catalog(), engine, await readFile(file, 'utf8'), a?.name);
      ctx.provider.refresh();
      return name;
    });
  };
}
