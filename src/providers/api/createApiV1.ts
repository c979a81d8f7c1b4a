import type * as vscode from 'vscode';
import type { CatalogChangeV1, ContainerCatalogApiV1, ContainerRefV1, UsageQueryV1 } from '../../../api/container-catalog';
import { readContainerDetails } from '../../containers/containerDetails';
import { listContainerSummaries } from '../../containers/containerSummaries';
import type { EngineRecord } from '../../containers/engineRecord';
import { getEngine, listEngines } from '../../containers/engineRegistry';
import { findContainersUsing, type UsageQuery } from '../../containers/findContainersUsing';
import type { Catalog } from '../../store/catalog';
import { signalOf } from '../common/runCommand';
import { extensionEngineContext } from '../containers/commands/containerCommandContext';
import { readImageSettings } from '../images/imageSettings';
import type { ExtensionDeps } from '../platform/extensionDeps';
import { containerDetailsRow, containerRow, engineRow, imageSourceRow, localImageRow, registryRow } from './apiRows';

/**
 * Version 1 of the public API: named core functions, the same the commands and views use, with rows copied
 * into the shapes api/container-catalog.d.ts promises. `changed` is the catalog's change event, which the
 * API forwards (opening the catalog on the first subscription would make activation touch the file).
 */
// Each core module loads on the first call that needs it (TypeORM, the engine clients): getApi() itself stays cheap.
export function createApiV1(deps: ExtensionDeps, changed: vscode.Event<CatalogChangeV1>): ContainerCatalogApiV1 {
  const catalog = (): Promise<Catalog> => deps.catalog();
  const engineCtx = extensionEngineContext(deps);
  const engineNamed = async (name: string): Promise<EngineRecord> => getEngine(await catalog(), requireText(name, 'engine'));

  return {
    version: 1,
    listRegistries: async () => (await (await import('../../registries/listRegistries.js')).listRegistries(await catalog())).map(registryRow),
    listImageSources: async () => (await (await import('../../images/listImageSources.js')).listImageSources(await catalog())).map(imageSourceRow),
    listLocalImages: async () => (await (await import('../../images/listLocalImages.js')).listLocalImages(await catalog())).map(localImageRow),
    listEngines: async () => (await listEngines(await catalog())).map(engineRow),
    async listContainers(query) {
      const engineId = query?.engine !== undefined ? (await engineNamed(query.engine)).id : undefined;
      return (await listContainerSummaries(await catalog(), { engineId })).map(containerRow);
    },
    async getContainer(engine, name) {
      const d = await readContainerDetails(await catalog(), (await engineNamed(engine)).id, requireText(name, 'name'));
      return d && containerDetailsRow(d);
    },
    async containersUsing(query) {
      const refs = await findContainersUsing(await catalog(), await usageQuery(query, engineNamed));
      return refs.map((r): ContainerRefV1 => ({ engine: r.engine, name: r.name }));
    },
    onDidChangeCatalog: changed,
    async syncEngine(engine, token) {
      const r = await (await import('../../containers/syncEngine.js')).syncEngine(await catalog(), await engineNamed(engine), engineCtx, { signal: token && signalOf(token) });
      return { engine: r.engine, counts: { ...r.counts } };
    },
    async refreshImageSources(options, token) {
      const settings = readImageSettings();
      const c = await catalog();
      await (await import('../../images/serverList.js')).ensureServerList(c, settings.simplestreamsServers);
      const results = await (await import('../../images/refreshAll.js')).refreshAllImageSources(c, {
        force: options?.force === true, ttlSeconds: settings.ttlSeconds, builtinCatalogUrl: settings.builtinCatalogUrl, signal: token && signalOf(token),
      });
      return results.map((r) => ({
        type: r.type, status: r.status, ...('error' in r ? { error: r.error } : {}),
        ...('failedScopes' in r && r.failedScopes ? { notRead: r.failedScopes.map((f) => ({ url: f.scope, error: f.error })) } : {}),
      }));
    },
    async changeContainerState(engine, name, action, options) {
      if (action !== 'start' && action !== 'stop' && action !== 'restart') throw new Error(`action must be start, stop or restart, not ${JSON.stringify(action)}`);
      const { ContainerActions } = await import('../../containers/containerActions.js');
      await new ContainerActions(await catalog(), engineCtx).lifecycle(await engineNamed(engine), requireText(name, 'name'), action, options?.force === true);
    },
  };
}

/** A caller's query in the catalog's terms; exactly one of network, profile, volume or image. */
async function usageQuery(q: UsageQueryV1, engineNamed: (name: string) => Promise<EngineRecord>): Promise<UsageQuery> {
  const o = (q ?? {}) as Record<string, unknown>;
  const kinds = (['network', 'profile', 'volume', 'image'] as const).filter((k) => o[k] !== undefined);
  if (kinds.length !== 1) throw new Error('containersUsing: give exactly one of network, profile, volume or image');
  const kind = kinds[0];
  const engineId = o.engine !== undefined ? (await engineNamed(String(o.engine))).id : undefined;
  if (kind === 'profile' && engineId === undefined) throw new Error('containersUsing: a profile belongs to one engine; give its engine');
  if (kind === 'volume' && typeof o.pool !== 'string') throw new Error('containersUsing: a volume needs its storage pool');
  return { kind, name: requireText(o[kind], kind), engineId, pool: typeof o.pool === 'string' ? o.pool : undefined };
}

function requireText(v: unknown, what: string): string {
  if (typeof v !== 'string' || !v.trim()) throw new Error(`${what} must be a non-empty string`);
  return v;
}
