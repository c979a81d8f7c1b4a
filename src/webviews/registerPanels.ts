import * as vscode from 'vscode';
import type { ExtensionDeps } from '../platform/extensionDeps';
import { CommandIds } from '../platform/ids';
import { RegistryService } from '../registries/registryService';
import { createDetailPanels, registerDetailPanel } from './registerDetailPanels';
import { listRegistriesForPick } from './registry/loadRegistryView';
import { registryOperations } from './registry/registryOperations';
import { registryPanelType } from './registry/registryPanelType';
import { registryPrompts } from './registry/registryPrompts';

/** The registries view's refresh (owned by the registries capability), called with `{ id }` after an edit. */
const REGISTRIES_REFRESH = 'containerCatalog.registries.refresh';

/** Refreshes one tree node after a panel edit, through the owning view's refresh command when it is there. */
async function refreshNode(command: string, id: string): Promise<void> {
  if ((await vscode.commands.getCommands(true)).includes(command)) await vscode.commands.executeCommand(command, { id });
}

/**
 * Detail panels: the shared panel host, one serializer and one `openDetails` command per panel type,
 * and an internal diagnostics command the integration tests read.
 */
export function registerPanels(deps: ExtensionDeps): vscode.Disposable {
  const panels = createDetailPanels(deps);
  const registries = new RegistryService({ catalog: deps.catalog, secrets: deps.secrets, log: deps.log });
  const registryType = registryPanelType(deps.catalog, registryOperations({
    service: registries,
    catalog: deps.catalog,
    secrets: deps.secrets,
    log: deps.log,
    prompts: registryPrompts,
    refreshNode: (id) => void refreshNode(REGISTRIES_REFRESH, id).catch((e: unknown) => deps.log.warn(`tree refresh failed: ${String(e)}`)),
  }));

  const pickRegistry = async (): Promise<string | undefined> => {
    const items = (await listRegistriesForPick(await deps.catalog())).map((r) => ({ label: r.name, description: r.url, id: r.id }));
    if (items.length === 0) {
      void vscode.window.showInformationMessage('There are no registries in the catalog yet.');
      return undefined;
    }
    return (await vscode.window.showQuickPick(items, { title: 'Open registry details', placeHolder: 'Registry', matchOnDescription: true }))?.id;
  };

  return vscode.Disposable.from(
    panels,
    { dispose: () => registries.dispose() },
    registerDetailPanel(panels, registryType, CommandIds.registriesOpenDetails, pickRegistry, deps.log),
    vscode.commands.registerCommand(CommandIds.panelsInfo, () => panels.info()),
  );
}
