/**
 * Ids of Launch panels, one per source: `source:<image source id>` or `tag:<registry id>/<repository>:<tag>`
 * (a tag has neither ":" nor "/", so the last ":" splits it off). Restore rebuilds the panel from the id alone.
 */
export type LaunchSourceRef =
  | { kind: 'imageSource'; sourceId: string }
  | { kind: 'registryTag'; registryId: string; repository: string; tag: string };

export function launchPanelId(ref: LaunchSourceRef): string {
  return ref.kind === 'imageSource' ? `source:${ref.sourceId}` : `tag:${ref.registryId}/${ref.repository}:${ref.tag}`;
}

const SOURCE = /^source:([A-Za-z0-9][A-Za-z0-9._:-]{0,99})$/;
const TAG = /^tag:([A-Za-z0-9][A-Za-z0-9._-]{0,99})\/([a-z0-9][a-z0-9._/-]{0,255}):([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$/;

/** The source an id names, or undefined for anything else (ids come back from untrusted webview state). */
export function parseLaunchPanelId(id: string): LaunchSourceRef | undefined {
  const s = SOURCE.exec(id);
  if (s) return { kind: 'imageSource', sourceId: s[1] };
  const t = TAG.exec(id);
  return t ? { kind: 'registryTag', registryId: t[1], repository: t[2], tag: t[3] } : undefined;
}

/** A tree node the menus pass: an Image Sources `source` row or a Registries `tag` row (only what is read here). */
export function launchRefOfNode(arg: unknown): LaunchSourceRef | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const o = arg as { type?: unknown; sourceId?: unknown; registryId?: unknown; repository?: unknown; tag?: unknown };
  if (o.type === 'source' && typeof o.sourceId === 'string') return { kind: 'imageSource', sourceId: o.sourceId };
  if (o.type === 'tag' && typeof o.registryId === 'string' && typeof o.repository === 'string' && typeof o.tag === 'string') {
    return { kind: 'registryTag', registryId: o.registryId, repository: o.repository, tag: o.tag };
  }
  return undefined;
}
