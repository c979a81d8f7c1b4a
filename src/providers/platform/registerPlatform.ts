import { activationTime } from './activationTime';
import { coreCodeCacheState } from './loadCore';
import { testProbe } from './testProbes';
import * as vscode from 'vscode';
import type { ExtensionDeps } from './extensionDeps';
import { CommandIds } from './ids';

/** Commands that belong to the extension as a whole rather than to one capability. */
export function registerPlatform(deps: ExtensionDeps): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(CommandIds.showLog, () => deps.log.show(true)),
    testProbe(CommandIds.activationInfo, () => ({ ...activationTime, coreCodeCache: coreCodeCacheState.found })),
  );
}
