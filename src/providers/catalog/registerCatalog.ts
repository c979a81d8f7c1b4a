import * as vscode from 'vscode';
import type { CatalogStore } from '../../store/CatalogStore';
import { lazyCommand } from '../common/lazyCommand';
import type { ExtensionDeps } from '../platform/extensionDeps';
import { CommandIds } from '../platform/ids';
import { testProbe } from '../platform/testProbes';

/** Commands about the catalog file itself (not one capability's rows). */
export function registerCatalog(deps: ExtensionDeps): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(CommandIds.catalogRevert, lazyCommand(async () => (await import('./commands/revertCatalog.js')).revertCatalog(deps))),
    testProbe(CommandIds.catalogIdleInfo, () => {
      const store = deps.openedCatalog() as CatalogStore | undefined;
      return store ? { open: true, dormant: store.dormant, idleCloseCount: store.idleCloseCount, writes: store.writes } : { open: false, dormant: false, idleCloseCount: 0, writes: 0 };
    }),
  );
}
