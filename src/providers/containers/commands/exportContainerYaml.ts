import * as vscode from 'vscode';
import { readArgs } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { exportContainer } from '../../../containers/yamlTransfer';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';
import { outputYaml } from './textOutput';

const ARGS = { engine: 'string', container: 'string', file: 'string', show: 'boolean' } as const;

/** `containerCatalog.containers.exportYaml` — a container node or `{ engine, container, file?, show? }`: YAML to `file` or an editor; resolves with it. */
export function exportContainerYaml(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.containersExportYaml, arg, ARGS);
    const ref = await ctx.container(node, a, vscode.l10n.t('Container to export'));
    if (!ref) return undefined;
    return runCommand(ctx.commandRun(vscode.l10n.t('Export container YAML'), a !== undefined), async () => outputYaml(await exportContainer(await ctx.catalog(), ref.engine, ref.container), a));
  };
}
