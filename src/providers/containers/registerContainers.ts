import * as vscode from 'vscode';
import type { ExtensionDeps } from '../platform/extensionDeps';
import { CommandIds, ViewIds } from '../platform/ids';
import { ContainerCommandContext, extensionEngineContext } from './containerCommandContext';
import { registerEditCommands } from './containerEditCommands';
import { registerInspectCommands } from './containerInspectCommands';
import { registerLifecycleCommands } from './containerLifecycleCommands';
import { ContainerTreeModel } from './containerTreeModel';
import { ContainerTreeProvider } from './containerTreeProvider';
import { registerEngineCommands } from './engineCommands';

/** The Containers view and its commands. */
export function registerContainers(deps: ExtensionDeps): vscode.Disposable {
  const engineCtx = extensionEngineContext(deps);
  const model = new ContainerTreeModel(deps.catalog, engineCtx);
  const provider = new ContainerTreeProvider(ViewIds.containers, model, deps.catalog);
  const c = new ContainerCommandContext(deps, provider, engineCtx);
  return vscode.Disposable.from(
    provider,
    registerEngineCommands(c),
    registerLifecycleCommands(c),
    registerEditCommands(c),
    registerInspectCommands(c),
    vscode.commands.registerCommand(CommandIds.containersViewInfo, () => provider.roots),
    vscode.commands.registerCommand(CommandIds.containersRedraws, () => ({ ...provider.redraws })),
  );
}
