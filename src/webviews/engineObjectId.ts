import { NAME_SOURCE, OBJECT_LIMITS } from '../containers/objectRules';

/**
 * Ids of engine objects (containers, networks, profiles) in panels: `<engine id>/<name>`. Catalog row
 * ids change when a sync rewrites rows; the engine id and the name do not, so restore keeps working.
 */
export function engineObjectId(engineId: number, name: string): string {
  return `${engineId}/${name}`;
}

// Names under the core's name rule (objectRules): every name the YAML import, the CLI or a sync took has an id.
const ID = new RegExp(`^([1-9][0-9]{0,9})/(${NAME_SOURCE})$`, 'u');

export function parseEngineObjectId(id: string): { engineId: number; name: string } | undefined {
  const m = ID.exec(id);
  return m ? { engineId: Number(m[1]), name: m[2] } : undefined;
}

/** The same grammar as a validator pattern (page messages naming another object). */
export const ENGINE_OBJECT_ID = ID;

/** The longest `<engine id>/<name>`. */
export const ENGINE_OBJECT_ID_MAX = 11 + OBJECT_LIMITS.name;

/**
 * The longest id any panel uses: a storage volume snapshot's, `<engine>/<pool>/<type>/<volume>/<snapshot>`,
 * with names as long as the core's name rule allows (the type word is short).
 */
export const OBJECT_ID_MAX = 11 + 3 * (OBJECT_LIMITS.name + 1) + 16;
