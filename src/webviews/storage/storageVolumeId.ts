import { VOLUME_TYPES } from '../../containers/lxdCodes';
import { NAME_SOURCE } from '../../containers/objectRules';
import { engineObjectId, OBJECT_ID_MAX } from '../engineObjectId';
import { str } from '../validate';

export type VolumeTypeName = (typeof VOLUME_TYPES)[number];

export interface StorageVolumeRef {
  engineId: number;
  pool: string;
  type: VolumeTypeName;
  /** A volume's name; a snapshot volume's is `<volume>/<snapshot>`, as LXD lists it. */
  name: string;
}

// The same name grammar as engineObjectId's (the core's); a pool name has no slash, so the type word splits the id unambiguously.
const NAME = NAME_SOURCE;
const ID = new RegExp(`^([1-9][0-9]{0,9})/(${NAME})/(${VOLUME_TYPES.join('|')})/(${NAME}(?:/${NAME})?)$`, 'u');

/**
 * Ids of storage volumes in panels: `<engine id>/<pool>/<type>/<name>` (a volume is unique by name
 * and type within its pool). A pool's id is an ordinary engineObjectId, `<engine id>/<pool>`.
 */
export function storageVolumeId(engineId: number, pool: string, type: string, name: string): string {
  return `${engineObjectId(engineId, pool)}/${type}/${name}`;
}

export function parseStorageVolumeId(id: string): StorageVolumeRef | undefined {
  const m = ID.exec(id);
  return m ? { engineId: Number(m[1]), pool: m[2], type: m[3] as VolumeTypeName, name: m[4] } : undefined;
}

/** A volume id in a page message (grammar only; handlers open only volumes their panel lists). */
export const volumeIdField = str({ max: OBJECT_ID_MAX, pattern: ID, patternHint: 'not a storage volume id' });
