import * as vscode from 'vscode';
import type { ExtensionDeps } from '../../providers/platform/extensionDeps';
import { RegistryService } from '../../registries/registryService';
import type { PanelLogic } from '../panelSession';
import { listRegistriesForPick } from './loadRegistryView';
import type { RegistryLive, RegistryRequest, RegistryView } from './protocol';
import { registryOperations } from './registryOperations';
import { registryPanelLogic } from './registryPanelLogic';
import { registryPrompts } from './registryPrompts';

/** The registries view's refresh (owned by the registries capability), called with `{ id }` after an edit. */
const REGISTRIES_REFRESH = 'containerCatalog.registries.refresh';

async function refreshNode(id: string): Promise<void> {
  if ((await vscode.commands.getCommands(true)).includes(REGISTRIES_REFRESH)) await vscode.commands.executeCommand(REGISTRIES_REFRESH, { id });
}

/**
 * Everything the registry panel needs that loads TypeORM; reached by dynamic import on first use so
 * activation stays cheap.
 */
export function createRegistryPanel(deps: ExtensionDeps): {
  logic: PanelLogic<RegistryView, RegistryRequest, RegistryLive>;
  pick(): Promise<string | undefined>;
  dispose(): void;
} {
  const service = new RegistryService({ catalog: deps.catalog, secrets: deps.secrets, log: deps.log });
  const logic = registryPanelLogic(deps.catalog, registryOperations({
    service,
    catalog: deps.catalog,
    log: deps.log,
    prompts: registryPrompts,
    refreshNode: (id) => void refreshNode(id).catch((e: unknown) => deps.log.warn(`registries tree refresh failed: ${String(e)}`)),
  }));
  return {
    logic,
    async pick() {
      const items = (await listRegistriesForPick(await deps.catalog())).map((r) => ({ label: r.name, description: r.url, id: r.id }));
      if (items.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('There are no registries in the catalog yet.'));
        return undefined;
      }
      return (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Open registry details'), placeHolder: vscode.l10n.t('Registry'), matchOnDescription: true }))?.id;
    },
    dispose: () => service.dispose(),
  };
}
