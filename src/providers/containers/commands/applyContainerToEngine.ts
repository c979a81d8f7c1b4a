import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { getEngine } from '../../../containers/engineRegistry';
import * as transfer from '../../../containers/yamlTransfer';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';

const ARGS = { engine: 'string', container: 'string', target: 'string', image: 'string' } as const;

/**
 * `containerCatalog.containers.applyToEngine` — a draft's node or `{ engine?, container, target, image? }`
 * (the draft's engine defaults to the local catalog): creates the container on an LXD engine.
 */
export function applyContainerToEngine(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.containersApplyToEngine, arg, ARGS);
    const catalog = await ctx.catalog();
    const fromName = node && 'engine' in node && typeof node.engine === 'string' ? node.engine : a?.engine;
    const from = fromName !== undefined ? await getEngine(catalog, fromName) : await ctx.localCatalog();
    if (!from) return undefined;
    const name = (node?.type === 'container' ? node.name : requiredArg(a, 'container')) ?? (await ctx.container(undefined, { engine: from.name }, vscode.l10n.t('Draft to create')))?.container;
    if (!name) return undefined;
    const target = await ctx.engine(requiredArg(a, 'target'), { kinds: ['lxd'], placeHolder: vscode.l10n.t('LXD engine to create it on') });
    if (!target) return undefined;
    const title = vscode.l10n.t('Create {0} on {1}', name, target.name);
    return runCommand(ctx.commandRun(title, a !== undefined), () => ctx.progress(title, () => transfer.applyContainerToEngine(catalog, from, name, target, ctx.engineCtx, { image: a?.image })));
  };
}
