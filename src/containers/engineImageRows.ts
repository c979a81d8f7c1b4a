import type { Catalog } from '../store/catalog';
import { architectureName } from './lxdCodes';

/** An engine image as the outdated check and the re-pull read it from the catalog. */
export interface EngineImageRow {
  readonly id: number;
  readonly fingerprint: string;
  /** LXD architecture name (x86_64, aarch64…). */
  readonly architecture: string;
  /** Podman/Docker: RepoTags; LXD: aliases. */
  readonly aliases: string[];
  /** Podman/Docker: RepoDigests (`host/repo@sha256:…`). */
  readonly repoDigests: string[];
  /** LXD: where the image updates from (images_source), when it has one. */
  readonly source: { readonly server: string; readonly protocol: number; readonly certificate: string | null; readonly alias: string } | null;
  readonly outdated: boolean;
  readonly upstreamDigest: string | null;
  readonly upstreamEtags: string | null;
  readonly upstreamCheckedAt: string | null;
}

type Raw = {
  id: number; fingerprint: string; architecture: number; aliases: string | null; digests: string | null;
  server: string | null; protocol: number | null; certificate: string | null; alias: string | null;
  outdated: number; upstream_digest: string | null; upstream_etags: string | null; upstream_checked_at: string | null;
};

const SEP = '\x1f';

/** The images of one engine with their tags, repo digests and update source; `fingerprint` narrows to one. */
export async function readEngineImageRows(catalog: Catalog, engineId: number, fingerprint?: string): Promise<EngineImageRow[]> {
  const rows = (await catalog.read((em) =>
    em.query(
      `SELECT i.id, i.fingerprint, i.architecture, i.outdated, i.upstream_digest, i.upstream_etags, i.upstream_checked_at,
         (SELECT group_concat(a.name, char(31)) FROM images_aliases a WHERE a.image_id = i.id) AS aliases,
         (SELECT group_concat(p.value, char(31)) FROM images_properties p WHERE p.image_id = i.id AND p.key LIKE 'digest.%') AS digests,
         s.server, s.protocol, s.certificate, s.alias
       FROM images i LEFT JOIN images_source s ON s.image_id = i.id
       WHERE i.engine_id = ?${fingerprint === undefined ? '' : ' AND i.fingerprint = ?'} ORDER BY i.upload_date DESC`,
      fingerprint === undefined ? [engineId] : [engineId, fingerprint],
    ),
  )) as Raw[];
  return rows.map((r) => ({
    id: Number(r.id),
    fingerprint: r.fingerprint,
    architecture: architectureName(Number(r.architecture)),
    aliases: r.aliases ? r.aliases.split(SEP).sort() : [],
    repoDigests: r.digests ? r.digests.split(SEP) : [],
    source: r.server !== null ? { server: r.server, protocol: Number(r.protocol), certificate: r.certificate, alias: r.alias ?? '' } : null,
    outdated: Number(r.outdated) === 1,
    upstreamDigest: r.upstream_digest,
    upstreamEtags: r.upstream_etags,
    upstreamCheckedAt: r.upstream_checked_at,
  }));
}
