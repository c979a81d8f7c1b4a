import * as vscode from 'vscode';
import type { CatalogChangeV1, ContainerCatalogApiV1, ContainerCatalogExports } from '../../api/container-catalog';

/** What this consumer hands the test: the API as it got it, and what it saw. */
export interface ConsumerExports {
  readonly api: ContainerCatalogApiV1;
  readonly changes: CatalogChangeV1[];
  /** The error asking for a version that does not exist gave. */
  readonly unknownVersionError: string;
}

// Written as another extension would: the types from api/container-catalog.d.ts only, the API from the
// exports of the extension it depends on (extensionDependencies activates that one first).
export async function activate(context: vscode.ExtensionContext): Promise<ConsumerExports> {
  const catalogExt = vscode.extensions.getExtension<ContainerCatalogExports>('container-catalog.container-catalog');
  if (!catalogExt) throw new Error('Container Catalog is not installed');
  const exported = catalogExt.isActive ? catalogExt.exports : await catalogExt.activate();
  let unknownVersionError = '';
  try {
    (exported.getApi as (v: number) => unknown)(2);
  } catch (e) {
    unknownVersionError = e instanceof Error ? e.message : String(e);
  }
  const api = exported.getApi(1);
  const changes: CatalogChangeV1[] = [];
  context.subscriptions.push(api.onDidChangeCatalog((e) => changes.push(e)));
  return { api, changes, unknownVersionError };
}
