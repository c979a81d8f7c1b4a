import type { Catalog } from '../store/catalog';
import { IdAllocator } from './bulkSql';
import { containerChangeKey } from './containerChangeKey';
import { dockerInstance } from './dockerInstance';
import { imageArchitecture, readImageArchitectures } from './imageArchitectures';
import type { EngineConnection } from './engineConnection';
import { isEngineError } from './engineError';
import { inspectedState } from './liveState';
import type { LiveState } from './liveState';
import type { MirrorInstance } from './engineMirror';
import { toInstance } from './lxdMirror';
import { engineMemory, forgetListed, instanceSignature } from './mirrorMemory';
import { removeInstance, replaceInstances } from './writeMirror';

/** Re-reads one instance from its engine and rewrites only its rows (see refreshInstances). */
export async function refreshInstance(catalog: Catalog, engineId: number, conn: EngineConnection, name: string): Promise<void> {
  await refreshInstances(catalog, engineId, conn, [name]);
}

/**
 * Runtime state of the containers a re-read inspected, as their engine's list would give it (Podman/Docker;
 * undefined for LXD, whose instance read carries no network state), and undefined for one that is gone.
 */
export type RereadStates = ReadonlyMap<string, LiveState | undefined> | undefined;

/**
 * Re-reads the named instances from their engine and rewrites only their rows (and their snapshots'),
 * or removes those the engine says are gone, all in one catalog write. Instances that read the same as
 * what this process last wrote are left alone, so an event that changed nothing stored writes nothing.
 * Used after every action, once the engine has confirmed it, and for each burst of engine events.
 * `onRead` gets the runtime state the re-read saw before the write starts, so a view can show a start or
 * stop without waiting for the catalog's save (state is never stored). Returns how many instances were
 * written or removed.
 */
export async function refreshInstances(
  catalog: Catalog,
  engineId: number,
  conn: EngineConnection,
  names: readonly string[],
  onRead?: (states: RereadStates) => void,
): Promise<number> {
  const read = new Map<string, MirrorInstance | undefined>();
  const states = conn.kind === 'lxd' ? undefined : new Map<string, LiveState | undefined>();
  const memory = engineMemory(catalog, engineId);
  for (const name of new Set(names)) {
    try {
      if (conn.kind === 'lxd') {
        const [i, snaps] = await Promise.all([conn.lxd.instance(name), conn.lxd.snapshots(name)]);
        read.set(name, toInstance(i, snaps));
      } else {
        const c = await conn.docker.inspect(name);
        await readImageArchitectures(conn.docker, memory, [c.Image]);
        read.set(name, dockerInstance(c, imageArchitecture(memory, c.Image)));
        states?.set(name, inspectedState(c, false));
      }
    } catch (err) {
      if (!(isEngineError(err, 'api') && err.status === 404)) throw err;
      read.set(name, undefined);
      states?.set(name, undefined);
    }
  }
  onRead?.(states);
  // This read is newer than what a sync last inspected for these containers: the next sync inspects them
  // again rather than reusing that (a change no list shows, like a restart policy, would be undone).
  forgetListed(memory, read.keys());
  const known = memory.written?.instances;
  const changed = [...read].filter(([name, inst]) => !known || known.get(name) !== (inst ? instanceSignature(inst) : undefined));
  if (changed.length === 0) return 0;
  // The write names the containers it touched, so views redraw just their nodes (a view that finds one
  // gone redraws its list) and the engine's memory stays valid.
  const hint = { touched: changed.map(([name]) => containerChangeKey(engineId, name)) };
  await catalog.write(async (em) => {
    const updated = changed.flatMap(([, inst]) => inst ?? []);
    if (updated.length) await replaceInstances(em, new IdAllocator(em), engineId, updated, false);
    for (const [name, inst] of changed) if (!inst) await removeInstance(em, engineId, name);
  }, hint);
  const after = memory.written?.instances;
  for (const [name, inst] of changed) {
    if (inst) after?.set(name, instanceSignature(inst));
    else after?.delete(name);
  }
  return changed.length;
}
