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
  // An update touches only this container's rows, so views may redraw just its node; a removal changes
  // its parent's list, which no single node covers.
  const hint = inst ? { touched: [containerChangeKey(engineId, name)] } : undefined;
  await catalog.write(async (em) => {
    if (inst) await replaceInstances(em, new IdAllocator(em), engineId, [inst], false);
    else await removeInstance(em, engineId, name);
  }, hint);
}
