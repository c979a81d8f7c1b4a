import { listEngineObjects } from '../../containers/engineObjectLists';
import { listEngines } from '../../containers/engineRegistry';
import { simplestreamsSource } from '../../containers/launchFromImageSource';
import { pullSourceFor } from '../../containers/registryPull';
import { readImageSource } from '../../images/readImageSource';
import type { Catalog } from '../../store/catalog';
import { loadRegistryView } from '../registry/loadRegistryView';
import { parseLaunchPanelId } from './launchPanelId';
import type { LaunchEngine, LaunchView } from './protocol';

/** A name the engines take, made from what the source is called (the user edits it anyway). */
function suggestName(base: string): string {
  const name = base.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  return name || 'container';
}

async function enginesFor(catalog: Catalog, kinds: readonly LaunchEngine['kind'][]): Promise<LaunchEngine[]> {
  const out: LaunchEngine[] = [];
  for (const e of await listEngines(catalog)) {
    if (e.kind === 'catalog' || !kinds.includes(e.kind)) continue;
    out.push({
      name: e.name,
      kind: e.kind,
      profiles: e.kind === 'lxd' ? (await listEngineObjects(catalog, e.id, 'profiles')).map((p) => p.name) : [],
      networks: e.kind === 'lxd' ? [] : (await listEngineObjects(catalog, e.id, 'networks')).map((n) => n.name),
    });
  }
  return out;
}

/**
 * The Launch panel's view of its source and of the engines that can take it; undefined when the source is
 * not in the catalog (removed, or the sources were refreshed since) or cannot be launched at all.
 */
export async function loadLaunchView(catalog: Catalog, id: string): Promise<LaunchView | undefined> {
  const ref = parseLaunchPanelId(id);
  if (!ref) return undefined;
  if (ref.kind === 'imageSource') {
    const row = await readImageSource(catalog, ref.sourceId);
    if (!row) return undefined;
    let where: ReturnType<typeof simplestreamsSource>;
    try {
      where = simplestreamsSource(row);
    } catch {
      return undefined;
    }
    const label = row.name ?? row.distribution;
    return {
      id,
      source: { kind: 'imageSource', label, server: where.server, image: where.fingerprint ?? where.alias ?? '', https: where.server.startsWith('https:') },
      engines: await enginesFor(catalog, ['lxd']),
      suggestedName: suggestName(`${row.distribution}-${row.release ?? ''}`),
    };
  }
  const registry = await loadRegistryView(catalog, ref.registryId);
  if (!registry) return undefined;
  let reference: string;
  try {
    reference = pullSourceFor({ name: registry.name, url: registry.url, insecure: registry.insecure }, ref.repository, ref.tag).reference;
  } catch {
    return undefined;
  }
  return {
    id,
    source: { kind: 'registryTag', label: reference, registry: registry.name, repository: ref.repository, tag: ref.tag },
    engines: await enginesFor(catalog, ['podman', 'docker']),
    suggestedName: suggestName(ref.repository.split('/').pop() ?? ref.repository),
  };
}
