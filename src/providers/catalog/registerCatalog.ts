import * as vscode from 'vscode';
import type { CatalogStore } from '../../store/CatalogStore';
import type { ExtensionDeps } from '../platform/extensionDeps';
import { CommandIds } from '../platform/ids';
import { testProbe } from '../platform/testProbes';
import { revertCatalog } from './commands/revertCatalog';

/** Commands about the catalog file itself (not one capability's rows). */
export function registerCatalog(deps: ExtensionDeps): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(CommandIds.catalogRevert, revertCatalog(deps)),
    testProbe(CommandIds.catalogIdleInfo, () => {
      const store = deps.openedCatalog() as CatalogStore | undefined;
      return store ? { open: true, dormant: store.dormant, idleCloseCount: store.idleCloseCount } : { open: false, dormant: false, idleCloseCount: 0 };
    }),
  );
}
