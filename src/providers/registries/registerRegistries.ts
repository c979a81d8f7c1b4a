import { catalogFile } from '../platform/catalogFile';
import * as vscode from 'vscode';
import { lazyCommand } from '../common/lazyCommand';
import type { ExtensionDeps } from '../platform/extensionDeps';
import { CommandIds, ViewIds } from '../platform/ids';
import { asNode, type RegistryCommandContext } from './commands/registryCommandContext';
import { RegistryService } from '../../registries/registryService';
import { deferredInstance } from '../platform/deferredInstance';
import { RegistryTreeModel } from './registryTreeModel';
import { RegistryTreeProvider } from './registryTreeProvider';
import { keptPaintProbes } from '../platform/keptPaintProbes';
import { testProbe } from '../platform/testProbes';
import { ViewQueryState } from '../platform/viewQuery/viewQueryState';
import { registerViewQuery } from '../platform/viewQuery/registerViewQuery';
import { ViewQueryCommandIds } from '../platform/ids';
import { REGISTRY_VIEW_SPEC } from '../../registries/registryViewSpec';

/** The Registries view and its commands. Secrets go through `deps.secrets` (VS Code SecretStorage) only. */
export function registerRegistries(deps: ExtensionDeps): vscode.Disposable {
  const indexKey = 'containerCatalog.registries.secretIds';
  // Built when the view or a command first uses it, so activation does not load the core bundle.
  const deferred = deferredInstance(() => new RegistryService({
    catalog: deps.catalog,
    secrets: deps.secrets,
    log: deps.log,
    secretIndex: { get: () => deps.context.globalState.get<string[]>(indexKey) ?? [], set: (ids) => deps.context.globalState.update(indexKey, ids) },
  }));
  const service = deferred.value;
  const model = new RegistryTreeModel(service, deps.log);
  const kept = { catalogFile: catalogFile(deps.context), view: 'registries', catalogOpen: () => deps.openedCatalog() !== undefined, gate: deps.firstPaint };
  const tree = new RegistryTreeProvider(ViewIds.registries, model, deps.catalog, deps.log, kept);
  const ctx: RegistryCommandContext = { service, tree, log: deps.log };
  const query = new ViewQueryState('registries', REGISTRY_VIEW_SPEC, deps.context.workspaceState, deps.log);
  tree.setQuery(query.query);
  query.attach(tree.view);
  const command = (id: string, handler: (arg?: unknown) => unknown) => vscode.commands.registerCommand(id, handler);

  return vscode.Disposable.from(
    tree,
    query,
    query.onDidChange((q) => tree.setQuery(q)),
    registerViewQuery({
      state: query,
      rows: async () => (await model.children()).flatMap((n) => (n.type === 'registry' ? [n.registry] : [])),
      commandPrefix: ViewQueryCommandIds.registries,
      title: vscode.l10n.t('Registries'),
      log: deps.log,
    }),
    { dispose: () => deferred.built()?.dispose() },
    command(CommandIds.registriesAdd, lazyCommand(async () => (await import('./commands/addRegistry.js')).addRegistry(ctx))),
    command(CommandIds.registriesEdit, lazyCommand(async () => (await import('./commands/editRegistry.js')).editRegistry(ctx))),
    command(CommandIds.registriesRemove, lazyCommand(async () => (await import('./commands/removeRegistry.js')).removeRegistry(ctx))),
    command(CommandIds.registriesLogin, lazyCommand(async () => (await import('./commands/loginRegistry.js')).loginRegistry(ctx))),
    command(CommandIds.registriesLogout, lazyCommand(async () => (await import('./commands/logoutRegistry.js')).logoutRegistry(ctx))),
    command(CommandIds.registriesVerify, lazyCommand(async () => (await import('./commands/verifyRegistry.js')).verifyRegistry(ctx))),
    command(CommandIds.registriesTrack, lazyCommand(async () => (await import('./commands/trackRepository.js')).trackRepository(ctx))),
    command(CommandIds.registriesUntrack, lazyCommand(async () => (await import('./commands/untrackRepository.js')).untrackRepository(ctx))),
    command(CommandIds.registriesRefresh, lazyCommand(async () => (await import('./commands/refreshRegistries.js')).refreshRegistries(ctx))),
    keptPaintProbes({ redraws: CommandIds.registriesRedraws, replay: CommandIds.registriesReplayFirstPaint }, tree),
    command(CommandIds.registriesCopyReference, lazyCommand(async () => (await import('./commands/copyReference.js')).copyReference(ctx, false))),
    command(CommandIds.registriesCopyDigestReference, lazyCommand(async () => (await import('./commands/copyReference.js')).copyReference(ctx, true))),
    command(CommandIds.registriesImportLogins, lazyCommand(async () => (await import('./commands/importRegistryLogins.js')).importRegistryLogins(ctx))),
    command(CommandIds.registriesImportContainerKit, lazyCommand(async () => (await import('./commands/importContainerKit.js')).importContainerKit(ctx, deps.catalog))),
    command(CommandIds.registriesFindContainerKit, lazyCommand(async () => (await import('./commands/findContainerKit.js')).findContainerKit(ctx, deps.catalog, deps.context.globalState))),
    command(CommandIds.registriesLoadMore, async (arg?: unknown) => {
      const node = asNode(arg);
      if (node?.type === 'more') await tree.loadMore(node);
    }),
    testProbe(CommandIds.registriesTreeSnapshot, async () =>
      (await tree.snapshot()).map((n) => JSON.parse(JSON.stringify(n)) as unknown),
    ),
  );
}
