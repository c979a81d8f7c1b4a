import * as vscode from 'vscode';
import { readArgs } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { exportProfile } from '../../../containers/yamlTransfer';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';
import { outputYaml } from './textOutput';

const ARGS = { engine: 'string', profile: 'string', file: 'string', show: 'boolean' } as const;

/** `containerCatalog.profiles.exportYaml` — a profile node or `{ engine, profile, file?, show? }`: `lxc profile show` YAML to `file` or an editor. */
export function exportProfileYaml(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.profilesExportYaml, arg, ARGS);
    const p = await ctx.profile(node, a, vscode.l10n.t('Profile to export'));
    if (!p) return undefined;
    return runCommand(ctx.commandRun(vscode.l10n.t('Export profile YAML'), a !== undefined), async () => outputYaml(await exportProfile(await ctx.catalog(), p.engine, p.profile), a));
  };
}
