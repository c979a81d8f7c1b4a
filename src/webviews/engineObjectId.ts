/**
 * Ids of engine objects (containers, networks, profiles) in panels: `<engine id>/<name>`. Catalog row
 * ids change when a sync rewrites rows; the engine id and the name do not, so restore keeps working.
 */
export function engineObjectId(engineId: number, name: string): string {
  return `${engineId}/${name}`;
}

const ID = /^([1-9][0-9]{0,9})\/([A-Za-z0-9][A-Za-z0-9._-]{0,199})$/;

export function parseEngineObjectId(id: string): { engineId: number; name: string } | undefined {
  const m = ID.exec(id);
  return m ? { engineId: Number(m[1]), name: m[2] } : undefined;
}

/** The same grammar as a validator pattern (page messages naming another object). */
export const ENGINE_OBJECT_ID = ID;

/**
 * The longest id any panel uses: a storage volume snapshot's, `<engine>/<pool>/<type>/<volume>/<snapshot>`,
 * with names of up to 200 characters each.
 */
export const OBJECT_ID_MAX = 700;
