import * as vscode from 'vscode';
import type { ExtensionDeps } from '../platform/extensionDeps';
import { CommandIds } from '../platform/ids';
import { lazyAsync } from '../platform/lazyAsync';
import type { PanelType } from './detailPanels';
import { createDetailPanels, registerDetailPanel } from './registerDetailPanels';
import type { RegistryLive, RegistryRequest, RegistryView } from './registry/protocol';
import { PanelViewTypes } from './viewTypes';

/** A Registries tree node (`{ type: 'registry', registry: { id } }`, plain data) → the registry id. */
function registryIdOfNode(arg: unknown): string | undefined {
  const node = arg as { type?: unknown; registry?: { id?: unknown }; registryId?: unknown } | undefined;
  if (typeof node !== 'object' || node === null) return undefined;
  if (node.type === 'registry' && typeof node.registry?.id === 'string') return node.registry.id;
  if ((node.type === 'repository' || node.type === 'tag') && typeof node.registryId === 'string') return node.registryId;
  return undefined;
}

/**
 * Detail panels: the shared panel host, one serializer and one `openDetails` command per panel type,
 * and an internal diagnostics command the integration tests read. Each panel's logic (TypeORM,
 * services) is imported on first use, not at activation.
 */
export function registerPanels(deps: ExtensionDeps): vscode.Disposable {
  const panels = createDetailPanels(deps);

  const registry = lazyAsync(async () => (await import('./registry/createRegistryPanel.js')).createRegistryPanel(deps));
  const registryType: PanelType<RegistryView, RegistryRequest, RegistryLive> = {
    kind: 'registry',
    viewType: PanelViewTypes.registry,
    logic: async () => (await registry.get()).logic,
  };

  return vscode.Disposable.from(
    panels,
    { dispose: () => registry.peek()?.dispose() },
    registerDetailPanel(panels, registryType, CommandIds.registriesOpenDetails, async () => (await registry.get()).pick(), deps.log, registryIdOfNode),
    vscode.commands.registerCommand(CommandIds.panelsInfo, () => panels.info()),
  );
}
