import { listEngineObjects } from '../../containers/engineObjectLists';
import { listEngines, readEngineById } from '../../containers/engineRegistry';
import { defaultImportName } from '../../containers/importLocalImage';
import { LocalState } from '../../images/imageKinds';
import { readLocalImage } from '../../images/readLocalImage';
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

async function enginesFor(catalog: Catalog, kinds: readonly LaunchEngine['kind'][], only?: string): Promise<LaunchEngine[]> {
  const out: LaunchEngine[] = [];
  for (const e of await listEngines(catalog)) {
    if (e.kind === 'catalog' || !kinds.includes(e.kind) || (only !== undefined && e.name !== only)) continue;
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
  if (ref.kind === 'engineImage') return engineImageView(catalog, id, ref.engineId, ref.fingerprint);
  if (ref.kind === 'localImage') return localImageView(catalog, id, ref.localId);
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

/** An image the engine holds: that engine only (the image is there, nowhere else), its tags or aliases named. */
async function engineImageView(catalog: Catalog, id: string, engineId: number, fingerprint: string): Promise<LaunchView | undefined> {
  const engine = await readEngineById(catalog, engineId);
  if (!engine || engine.kind === 'catalog') return undefined;
  const image = (await listEngineObjects(catalog, engineId, 'images')).find((i) => i.fingerprint === fingerprint);
  if (!image) return undefined;
  const tags = [...image.aliases];
  const first = tags[0];
  return {
    id,
    source: { kind: 'engineImage', label: first ?? fingerprint.slice(0, 12), engine: engine.name, image: fingerprint, tags },
    engines: await enginesFor(catalog, [engine.kind], engine.name),
    suggestedName: suggestName((first ?? 'container').replace(/^.*\//, '').replace(/:.*$/, '')),
  };
}

/** A downloaded local image: every LXD, Podman and Docker engine (each imports it first, under the name shown). */
async function localImageView(catalog: Catalog, id: string, localId: string): Promise<LaunchView | undefined> {
  const row = await readLocalImage(catalog, localId);
  if (!row || row.state === LocalState.NotDownloaded || !row.localFilename) return undefined;
  const engines = await enginesFor(catalog, ['lxd', 'podman', 'docker']);
  return {
    id,
    source: {
      kind: 'localImage',
      label: row.name,
      distribution: row.distribution ?? '',
      release: row.release ?? '',
      arch: row.arch ?? '',
      importAs: Object.fromEntries(engines.map((e) => [e.name, defaultImportName(e.kind, row)])),
    },
    engines,
    suggestedName: suggestName(`${row.distribution ?? row.name}-${row.release ?? ''}`),
  };
}
