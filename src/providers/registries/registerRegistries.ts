import * as vscode from 'vscode';
import type { ExtensionDeps } from '../platform/extensionDeps';
import { CommandIds, ViewIds } from '../platform/ids';
import { addRegistry } from './commands/addRegistry';
import { copyReference } from './commands/copyReference';
import { editRegistry } from './commands/editRegistry';
import { findContainerKit } from './commands/findContainerKit';
import { importContainerKit } from './commands/importContainerKit';
import { importRegistryLogins } from './commands/importRegistryLogins';
import { loginRegistry } from './commands/loginRegistry';
import { logoutRegistry } from './commands/logoutRegistry';
import { refreshRegistries } from './commands/refreshRegistries';
import { asNode, type RegistryCommandContext } from './commands/registryCommandContext';
import { removeRegistry } from './commands/removeRegistry';
import { trackRepository } from './commands/trackRepository';
import { untrackRepository } from './commands/untrackRepository';
import { verifyRegistry } from './commands/verifyRegistry';
import { RegistryService } from '../../registries/registryService';
import { RegistryTreeModel } from './registryTreeModel';
import { RegistryTreeProvider } from './registryTreeProvider';
import { testProbe } from '../platform/testProbes';
import { ViewQueryState } from '../platform/viewQuery/viewQueryState';
import { registerViewQuery } from '../platform/viewQuery/registerViewQuery';
import { ViewQueryCommandIds } from '../platform/ids';
import { REGISTRY_VIEW_SPEC } from '../../registries/registryViewSpec';

/** The Registries view and its commands. Secrets go through `deps.secrets` (VS Code SecretStorage) only. */
export function registerRegistries(deps: ExtensionDeps): vscode.Disposable {
  const indexKey = 'containerCatalog.registries.secretIds';
  const service = new RegistryService({
    catalog: deps.catalog,
    secrets: deps.secrets,
    log: deps.log,
    secretIndex: { get: () => deps.context.globalState.get<string[]>(indexKey) ?? [], set: (ids) => deps.context.globalState.update(indexKey, ids) },
  });
  const model = new RegistryTreeModel(service, deps.log);
  const tree = new RegistryTreeProvider(ViewIds.registries, model, deps.catalog, deps.log);
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
    { dispose: () => service.dispose() },
    command(CommandIds.registriesAdd, addRegistry(ctx)),
    command(CommandIds.registriesEdit, editRegistry(ctx)),
    command(CommandIds.registriesRemove, removeRegistry(ctx)),
    command(CommandIds.registriesLogin, loginRegistry(ctx)),
    command(CommandIds.registriesLogout, logoutRegistry(ctx)),
    command(CommandIds.registriesVerify, verifyRegistry(ctx)),
    command(CommandIds.registriesTrack, trackRepository(ctx)),
    command(CommandIds.registriesUntrack, untrackRepository(ctx)),
    command(CommandIds.registriesRefresh, refreshRegistries(ctx)),
    testProbe(CommandIds.registriesRedraws, () => ({ ...tree.redraws })),
    command(CommandIds.registriesCopyReference, copyReference(ctx, false)),
    command(CommandIds.registriesCopyDigestReference, copyReference(ctx, true)),
    command(CommandIds.registriesImportLogins, importRegistryLogins(ctx)),
    command(CommandIds.registriesImportContainerKit, importContainerKit(ctx, deps.catalog)),
    command(CommandIds.registriesFindContainerKit, findContainerKit(ctx, deps.catalog, deps.context.globalState)),
    command(CommandIds.registriesLoadMore, async (arg?: unknown) => {
      const node = asNode(arg);
      if (node?.type === 'more') await tree.loadMore(node);
    }),
    testProbe(CommandIds.registriesTreeSnapshot, async () =>
      (await tree.snapshot()).map((n) => JSON.parse(JSON.stringify(n)) as unknown),
    ),
  );
}
