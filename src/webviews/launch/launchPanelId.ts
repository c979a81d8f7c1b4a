/**
 * Ids of Launch panels, one per source: `source:<image source id>`, `tag:<registry id>/<repository>:<tag>`
 * (a tag has neither ":" nor "/", so the last ":" splits it off), `image:<engine id>/<fingerprint or image id>`
 * (an image an engine holds) or `local:<local image id>` (a downloaded rootfs). Restore rebuilds the panel
 * from the id alone.
 */
export type LaunchSourceRef =
  | { kind: 'imageSource'; sourceId: string }
  | { kind: 'registryTag'; registryId: string; repository: string; tag: string }
  | { kind: 'engineImage'; engineId: number; fingerprint: string }
  | { kind: 'localImage'; localId: string };

export function launchPanelId(ref: LaunchSourceRef): string {
  switch (ref.kind) {
    case 'imageSource':
      return `source:${ref.sourceId}`;
    case 'registryTag':
      return `tag:${ref.registryId}/${ref.repository}:${ref.tag}`;
    case 'engineImage':
      return `image:${ref.engineId}/${ref.fingerprint}`;
    case 'localImage':
      return `local:${ref.localId}`;
  }
}

const SOURCE = /^source:([A-Za-z0-9][A-Za-z0-9._:-]{0,99})$/;
const IMAGE = /^image:(\d{1,15})\/([A-Za-z0-9][A-Za-z0-9._:-]{0,199})$/;
const LOCAL = /^local:([A-Za-z0-9][A-Za-z0-9._:-]{0,99})$/;
const TAG = /^tag:([A-Za-z0-9][A-Za-z0-9._-]{0,99})\/([a-z0-9][a-z0-9._/-]{0,255}):([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$/;

/** The source an id names, or undefined for anything else (ids come back from untrusted webview state). */
export function parseLaunchPanelId(id: string): LaunchSourceRef | undefined {
  const s = SOURCE.exec(id);
  if (s) return { kind: 'imageSource', sourceId: s[1] };
  const i = IMAGE.exec(id);
  if (i) return { kind: 'engineImage', engineId: Number(i[1]), fingerprint: i[2] };
  const l = LOCAL.exec(id);
  if (l) return { kind: 'localImage', localId: l[1] };
  const t = TAG.exec(id);
  return t ? { kind: 'registryTag', registryId: t[1], repository: t[2], tag: t[3] } : undefined;
}

/**
 * A tree node the menus pass: an Image Sources `source` or `local` row, a Registries `tag` row, or a
 * Containers view `image` row (only what is read here).
 */
export function launchRefOfNode(arg: unknown): LaunchSourceRef | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const o = arg as { type?: unknown; sourceId?: unknown; registryId?: unknown; repository?: unknown; tag?: unknown; localId?: unknown; engineId?: unknown; fingerprint?: unknown };
  if (o.type === 'source' && typeof o.sourceId === 'string') return { kind: 'imageSource', sourceId: o.sourceId };
  if (o.type === 'local' && typeof o.localId === 'string') return { kind: 'localImage', localId: o.localId };
  if (o.type === 'image' && typeof o.engineId === 'number' && typeof o.fingerprint === 'string') return { kind: 'engineImage', engineId: o.engineId, fingerprint: o.fingerprint };
  if (o.type === 'tag' && typeof o.registryId === 'string' && typeof o.repository === 'string' && typeof o.tag === 'string') {
    return { kind: 'registryTag', registryId: o.registryId, repository: o.repository, tag: o.tag };
  }
  return undefined;
}
