import * as vscode from 'vscode';
import type { CatalogChangeV1, ContainerCatalogApiV1, ContainerCatalogExports } from '../../../api/container-catalog';
import type { ExtensionDeps } from '../platform/extensionDeps';
import { createApiV1 } from './createApiV1';

const VERSIONS = [1] as const;

/**
 * What `activate()` returns to other extensions: `getApi(version)`. Each version is built once, on first
 * ask, and kept; an unknown version throws naming the ones this build has. The catalog's change event is
 * forwarded from the first subscription on, so activation still never opens the catalog file.
 */
export function registerApi(deps: ExtensionDeps): { exports: ContainerCatalogExports; disposable: vscode.Disposable } {
  const emitter = new vscode.EventEmitter<CatalogChangeV1>();
  let forwarding: Promise<{ dispose(): void } | undefined> | undefined;
  const changed: vscode.Event<CatalogChangeV1> = (listener, thisArgs, disposables) => {
    forwarding ??= deps.catalog().then(
      (c) => c.onDidChange((e) => emitter.fire({ external: e.external, ...(e.touched ? { touched: [...e.touched] } : {}) })),
      (err: unknown) => {
        deps.log.error(`API: the catalog did not open, so no change will be reported: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      },
    );
    return emitter.event(listener, thisArgs, disposables);
  };
  let v1: ContainerCatalogApiV1 | undefined;
  const exports: ContainerCatalogExports = {
    getApi(version: number) {
      if (version === 1) return (v1 ??= createApiV1(deps, changed));
      throw new Error(`Container Catalog has no API version ${JSON.stringify(version)}; this build offers version ${VERSIONS.join(', ')}.`);
    },
  } as ContainerCatalogExports;
  return {
    exports,
    disposable: new vscode.Disposable(() => {
      emitter.dispose();
      void forwarding?.then((d) => d?.dispose());
    }),
  };
}
