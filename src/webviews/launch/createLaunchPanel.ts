import * as vscode from 'vscode';
import { extensionEngineContext } from '../../providers/containers/commands/containerCommandContext';
import type { ExtensionDeps } from '../../providers/platform/extensionDeps';
import { CommandIds } from '../../providers/platform/ids';
import type { PanelLogic } from '../panelSession';
import { launchPanelLogic } from './launchPanelLogic';
import { pickLaunchSource } from './pickLaunchSource';
import type { LaunchLive, LaunchRequest, LaunchView } from './protocol';

/** A refusal goes to the log too (the panel shows it next to its field; Show Log has the rest). */
async function logged<T>(deps: ExtensionDeps, name: string, call: Thenable<T>): Promise<T> {
  try {
    return await call;
  } catch (e) {
    deps.log.warn(`Launch panel: ${name} was not created: ${e instanceof Error ? e.message : String(e)}`);
    throw e;
  }
}

/**
 * The Launch panel (TypeORM, engine clients): reached by dynamic import on first use. Its Launch button runs
 * the Containers capability's own launch and run commands with argument objects, so progress, Cancel,
 * cleanup and the reveal in the Containers view are theirs.
 */
export function createLaunchPanel(deps: ExtensionDeps): { logic: PanelLogic<LaunchView, LaunchRequest, LaunchLive>; pick(): Promise<string | undefined> } {
  return {
    logic: launchPanelLogic(deps.catalog, extensionEngineContext(deps), {
      launchImageSource: async (args) => logged(deps, args.name, vscode.commands.executeCommand<{ name: string } | undefined>(CommandIds.containersLaunchImageSource, args)),
      runRegistryTag: async (args) => logged(deps, args.name, vscode.commands.executeCommand<{ name: string } | undefined>(CommandIds.containersRunRegistryTag, args)),
    }),
    pick: async () => pickLaunchSource(await deps.catalog()),
  };
}
