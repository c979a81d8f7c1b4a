import * as vscode from 'vscode';
import type { ExtensionDeps } from './providers/platform/extensionDeps';
import { lazyAsync } from './shared/lazyAsync';
import { redactingLogger } from './shared/logger';
import { openExtensionCatalog } from './providers/platform/openExtensionCatalog';
import { registerPlatform } from './providers/platform/registerPlatform';
import { activationTime } from './providers/platform/activationTime';
import { keepCoreCodeCache } from './providers/platform/loadCore';
import { FirstPaintGate } from './providers/platform/firstPaintGate';
import { registerCatalog } from './providers/catalog/registerCatalog';
import { registerRegistries } from './providers/registries/registerRegistries';
import { registerImages } from './providers/images/registerImages';
import type { Catalog } from './store/catalog';
import { registerPanels } from './webviews/registerPanels';
import { registerContainers } from './providers/containers/registerContainers';
import { registerApi } from './providers/api/registerApi';
import { offerFoundImports } from './providers/common/offerFoundImports';
import { CommandIds, ImageCommandIds } from './providers/platform/ids';
import type { ContainerCatalogExports } from '../api/container-catalog';

// Closed on deactivate if a view or command ever opened it.
let openedCatalog: (() => Catalog | undefined) | undefined;

// Wiring only. Activation is cheap: nothing here touches the catalog file or the network; the
// catalog opens the first time a view or command asks for it.
export function activate(context: vscode.ExtensionContext): ContainerCatalogExports {
  const started = performance.now();
  // Whoever logs, no password, token or Authorization value reaches the channel.
  const log = redactingLogger(vscode.window.createOutputChannel('Container Catalog', { log: true }));
  context.subscriptions.push(log);
  // dist/core.js compiles from a code cache kept here after its first load.
  keepCoreCodeCache(context.globalStorageUri.fsPath);
  const catalog = lazyAsync(() => openExtensionCatalog(context, log));
  openedCatalog = () => catalog.peek();
  const deps: ExtensionDeps = { context, log, catalog: () => catalog.get(), openedCatalog: () => catalog.peek(), secrets: context.secrets, firstPaint: new FirstPaintGate() };

  context.subscriptions.push(
    registerPlatform(deps),
    registerCatalog(deps),
    // One line per capability: its views, commands and panels.
    registerRegistries(deps),
    registerImages(deps),
    registerContainers(deps),
    registerPanels(deps),
    // Wsl-Manager's and Container Kit's databases, when found where those systems keep them.
    offerFoundImports([ImageCommandIds.findWslManager, CommandIds.registriesFindContainerKit]),
  );
  // The public API for other extensions (api/container-catalog.d.ts).
  const api = registerApi(deps);
  context.subscriptions.push(api.disposable);
  activationTime.ms = performance.now() - started;
  return api.exports;
}

export async function deactivate(): Promise<void> {
  // Pending writes must reach the disk before the host goes away.
  await openedCatalog?.()?.close();
}
