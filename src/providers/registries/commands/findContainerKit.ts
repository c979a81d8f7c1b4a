import * as vscode from 'vscode';
import { findContainerKitDatabase, containerKitDatabasePath } from '../../../registries/containerKitPlace';
import { importContainerKit as importIntoCatalog, type ContainerKitImport } from '../../../registries/importContainerKit';
import type { Catalog } from '../../../store/catalog';
import { offerFoundDatabase } from '../../common/offerFoundDatabase';
import type { CommandHandler } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import type { RegistryCommandContext } from './registryCommandContext';

/**
 * `containerCatalog.registries.findContainerKit` — looks at Container Kit's usual place for its database
 * and offers the registries it holds (offerFoundDatabase; `{ quiet: true }` at start-up).
 */
export function findContainerKit(ctx: RegistryCommandContext, catalog: () => Promise<Catalog>, globalState: vscode.Memento): CommandHandler {
  return offerFoundDatabase<ContainerKitImport>({
    command: CommandIds.registriesFindContainerKit,
    title: vscode.l10n.t('Looking for a Container Kit database'),
    log: ctx.log,
    globalState,
    place: () => containerKitDatabasePath(),
    find: () => findContainerKitDatabase(),
    notFound: (place) => vscode.l10n.t('No Container Kit database at {0}.', place),
    preview: async (file) => {
      const p = await importIntoCatalog(await catalog(), file, { dryRun: true });
      return {
        sha256: p.sha256,
        alreadyImported: p.alreadyImported,
        somethingNew: p.added.length > 0,
        question: vscode.l10n.t('Container Kit\'s database is on this machine: {0} registries could come over.', p.added.length),
      };
    },
    importCommand: CommandIds.registriesImportContainerKit,
    imported: (r) => vscode.l10n.t('Imported {0} registries from Container Kit. Those it was logged in to need a login here.', r.added.length),
  });
}
