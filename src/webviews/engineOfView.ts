import type { EngineRecord } from '../containers/engineRecord';
import { readEngineById } from '../containers/engineRegistry';
import type { Catalog } from '../store/catalog';
import type { EngineRef } from './network/protocol';

/** The engine record of a panel's object, for an edit; a clear error when it was disconnected meanwhile. */
export async function engineOfView(catalog: Catalog, ref: EngineRef): Promise<EngineRecord> {
  const e = await readEngineById(catalog, ref.id);
  if (!e) throw new Error(`The engine ${ref.name} is no longer connected.`);
  return e;
}
