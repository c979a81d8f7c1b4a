import { readLocalImage } from '../images/readLocalImage';
import type { Catalog } from '../store/catalog';
import type { EngineContext } from './engineConnection';
import { EngineError, throwIfAborted } from './engineError';
import type { EngineRecord } from './engineRecord';
import { defaultImportName, importLocalImage, type ImportLocalResult } from './importLocalImage';
import { launchFromImageSource, type LaunchSpec } from './launchFromImageSource';
import { runRegistryImage } from './runRegistryImage';
import type { RunSpec } from './runSpec';

export interface LocalLaunchResult {
  readonly engine: string;
  readonly name: string;
  readonly started: boolean;
  /** What the import made (or found): LXD alias + fingerprint, Podman/Docker repo:tag + id. It stays after the launch. */
  readonly imported: ImportLocalResult;
}

/**
 * A downloaded local image to a container, as one step: the Import into Engine core puts it into the engine
 * (LXD: a split image with metadata.yaml from the row; Podman/Docker: an image tagged from the row), then the
 * engine's own launch (LXD) or run (Podman/Docker) core creates the container from what was imported. Those
 * undo a half-made container themselves; the imported image is kept (it is a valid image, and a second try
 * finds it), and a failure after the import says so. The import itself is one upload and is not cancelled
 * halfway; Cancel is honoured before and after it, and during the create.
 */
export async function launchLocalImage(
  catalog: Catalog,
  e: EngineRecord,
  ctx: EngineContext,
  localImageId: string,
  spec: LaunchSpec | RunSpec,
  opts: { signal?: AbortSignal; onProgress?: (text: string) => void } = {},
): Promise<LocalLaunchResult> {
  if (e.kind === 'catalog') throw new EngineError('api', `${e.name} lives only in the catalog; launch on a connected engine.`);
  if (!spec.name.trim()) throw new EngineError('api', 'The container needs a name.');
  const row = await readLocalImage(catalog, localImageId);
  if (!row) throw new EngineError('api', `No local image ${localImageId} in the catalog.`);
  throwIfAborted(opts.signal);
  const alias = defaultImportName(e.kind, row);
  opts.onProgress?.(`Importing ${row.name} into ${e.name} as ${alias}…`);
  const imported = await importLocalImage(catalog, e, ctx, localImageId, alias);
  try {
    throwIfAborted(opts.signal);
    const made = e.kind === 'lxd'
      ? await launchFromImageSource(catalog, e, ctx, { fingerprint: imported.id }, spec as LaunchSpec, opts)
      : await runRegistryImage(catalog, e, ctx, { held: imported.name }, spec as RunSpec, { signal: opts.signal, onProgress: (p) => opts.onProgress?.(p.phase === 'create' ? `Creating ${spec.name}…` : p.phase === 'start' ? `Starting ${spec.name}…` : 'Updating the catalog…') });
    return { engine: e.name, name: made.name, started: made.started, imported };
  } catch (err) {
    const said = err instanceof Error ? err.message : String(err);
    const message = `${said}${/[.!?]$/.test(said) ? '' : '.'} The imported image ${imported.name} stays in ${e.name}.`;
    throw new EngineError(err instanceof EngineError ? err.kind : 'api', message, err instanceof EngineError ? err.status : undefined);
  }
}
