import type { Catalog } from '../store/catalog';
import { IdAllocator } from './bulkSql';
import { containerChangeKey } from './containerChangeKey';
import { dockerInstance, lxdArchitecture } from './dockerMirror';
import type { EngineConnection } from './engineConnection';
import { isEngineError } from './engineError';
import type { MirrorInstance } from './engineMirror';
import { toInstance } from './lxdMirror';
import { removeInstance, replaceInstances } from './writeMirror';

/**
 * Re-reads one instance from its engine and rewrites only its rows (and its snapshots'), or removes it
 * when the engine says it is gone. Used after every action, once the engine has confirmed it.
 */
export async function refreshInstance(catalog: Catalog, engineId: number, conn: EngineConnection, name: string): Promise<void> {
  let inst: MirrorInstance | undefined;
  try {
    if (conn.kind === 'lxd') {
      const [i, snaps] = await Promise.all([conn.lxd.instance(name), conn.lxd.snapshots(name)]);
      inst = toInstance(i, snaps);
    } else {
      const v = await conn.docker.version();
      inst = dockerInstance(await conn.docker.inspect(name), lxdArchitecture(v.Arch));
    }
  } catch (err) {
    if (!(isEngineError(err, 'api') && err.status === 404)) throw err;
  }
  if (inst) {
    const found = inst;
    // Only this container's rows change: views may redraw just its node.
    await catalog.write((em) => replaceInstances(em, new IdAllocator(em), engineId, [found], false), { touched: [containerChangeKey(engineId, name)] });
  } else {
    // Gone: its parent's list changes, which no single node covers.
    await catalog.write((em) => removeInstance(em, engineId, name));
  }
}
