import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { CommandIds } from '../../platform/ids';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';

const ARGS = { engine: 'string', container: 'string', device: 'string' } as const;

/** `containerCatalog.containers.removeDevice` — a device node, a container node (pick of its own devices) or `{ engine, container, device }`. */
export function removeDevice(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.containersRemoveDevice, arg, ARGS);
    const ref = await ctx.container(node, a, vscode.l10n.t('Container to remove a device from'));
    if (!ref) return false;
    let device = node?.type === 'device' ? node.name : requiredArg(a, 'device');
    if (!device) {
      const own = Object.keys((await ctx.details(ref))?.container.devices ?? {});
      device = await vscode.window.showQuickPick(own, { placeHolder: vscode.l10n.t('Device to remove (the container’s own devices)') });
      if (!device) return false;
    }
    const d = device;
    return ctx.runAction(vscode.l10n.t('Remove device {0}', d), arg, async () => (await ctx.actions()).removeDevice(ref.engine, ref.container, d));
  };
}
