import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { ImageTypeName, SourceRow } from './imageKinds';
import { groupTagOf } from './sourceCacheState';

export interface ScopeUpdate {
  scope: string;
  group: string;
  rows: SourceRow[];
}

export interface ApplyResult {
  upserted: number;
  purged: number;
  outdated: number;
}

const COLUMNS = ['Id', 'Name', 'Tags', 'Url', 'Type', 'Configured', 'Username', 'Uid', 'Distribution', 'Release',
  'LocalFilename', 'DigestSource', 'DigestAlgorithm', 'DigestUrl', 'Digest', 'GroupTag', 'Size', 'Arch', 'Fingerprint'];
const UPDATED = COLUMNS.filter((c) => c !== 'Id');
const CHUNK = 200; // 19 parameters per row, far below SQLite's variable limit

/**
 * Upserts rows keyed by (Type, Distribution, Tags, Configured). An existing row keeps its Id, so
 * LocalImage.ImageSourceId stays valid across refreshes.
 */
export async function upsertSources(em: EntityManager, rows: SourceRow[], groupTag: (r: SourceRow) => string): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const params: unknown[] = [];
    for (const r of chunk) {
      params.push(uuidv7(), r.name, r.tags, r.url, r.type, r.configured, r.username, r.uid, r.distribution, r.release,
        r.localFilename, r.digestSource, r.digestAlgorithm, r.digestUrl, r.digest, groupTag(r), r.size, r.arch,
        r.fingerprint);
    }
    const values = chunk.map(() => `(${COLUMNS.map(() => '?').join(',')})`).join(',');
    await em.query(
      `INSERT INTO "ImageSource" (${COLUMNS.map((c) => `"${c}"`).join(',')}) VALUES ${values}
       ON CONFLICT("Type","Distribution","Tags","Configured") DO UPDATE SET
       ${UPDATED.map((c) => `"${c}" = excluded."${c}"`).join(', ')}`,
      params,
    );
  }
}

/**
 * Deletes ImageSource rows. Their downloaded local images stay (FK set NULL), renamed first when
 * another local image has the same Name (the orphan-name unique index would refuse them); their
 * NotDownloaded entries are removed with them.
 */
export async function deleteSources(em: EntityManager, where: string, params: unknown[]): Promise<number> {
  const doomed = `SELECT "Id" FROM "ImageSource" WHERE ${where}`;
  await em.query(
    // The Id's random tail: uuid v7 Ids made in the same minute share their first characters (a timestamp).
    `UPDATE "LocalImage" SET "Name" = "Name" || ' [' || substr("Id", -12) || ']'
     WHERE "ImageSourceId" IN (${doomed})
       AND EXISTS (SELECT 1 FROM "LocalImage" o WHERE o."Name" = "LocalImage"."Name" AND o."Id" <> "LocalImage"."Id")`,
    params,
  );
  // A NotDownloaded entry holds no file: once its source is gone it means nothing, so it goes too.
  await em.query(`DELETE FROM "LocalImage" WHERE "State" = 'NotDownloaded' AND "ImageSourceId" IN (${doomed})`, params);
  const [{ n }] = (await em.query(`SELECT count(*) AS n FROM "ImageSource" WHERE ${where}`, params)) as { n: number }[];
  if (n > 0) await em.query(`DELETE FROM "ImageSource" WHERE ${where}`, params);
  return Number(n);
}

/**
 * Brings local images in line with their sources. NULLs are handled on purpose (Wsl-Manager's
 * `Digest <> source.Digest` is NULL, hence false, when either side is NULL):
 * - Synced, source digest known, local digest NULL or different → Outdated;
 * - Outdated whose digest equals the source's again → Synced (the flag stays honest);
 * - a source with an unknown (NULL) digest proves nothing: the state is left alone;
 * - NotDownloaded entries follow their source (digest, size, url).
 * Returns how many local images became Outdated.
 */
export async function reconcileLocalImages(em: EntityManager, type?: ImageTypeName): Promise<number> {
  const src = `(SELECT s."Digest" FROM "ImageSource" s WHERE s."Id" = "LocalImage"."ImageSourceId")`;
  const typeFilter = type ? `AND "ImageSourceId" IN (SELECT "Id" FROM "ImageSource" WHERE "Type" = ?)` : '';
  const p = type ? [type] : [];
  const [{ n }] = (await em.query(
    `SELECT count(*) AS n FROM "LocalImage" WHERE "State" = 'Synced' ${typeFilter}
       AND ${src} IS NOT NULL AND ("Digest" IS NULL OR lower("Digest") <> lower(${src}))`,
    p,
  )) as { n: number }[];
  await em.query(
    `UPDATE "LocalImage" SET "State" = 'Outdated' WHERE "State" = 'Synced' ${typeFilter}
       AND ${src} IS NOT NULL AND ("Digest" IS NULL OR lower("Digest") <> lower(${src}))`,
    p,
  );
  await em.query(
    `UPDATE "LocalImage" SET "State" = 'Synced' WHERE "State" = 'Outdated' ${typeFilter}
       AND "Digest" IS NOT NULL AND lower("Digest") = lower(${src})`,
    p,
  );
  await em.query(
    `UPDATE "LocalImage" SET
       "Digest" = (SELECT s."Digest" FROM "ImageSource" s WHERE s."Id" = "LocalImage"."ImageSourceId"),
       "Size" = (SELECT s."Size" FROM "ImageSource" s WHERE s."Id" = "LocalImage"."ImageSourceId"),
       "Url" = (SELECT s."Url" FROM "ImageSource" s WHERE s."Id" = "LocalImage"."ImageSourceId"),
       "DigestUrl" = (SELECT s."DigestUrl" FROM "ImageSource" s WHERE s."Id" = "LocalImage"."ImageSourceId"),
       "LocalFilename" = (SELECT s."LocalFilename" FROM "ImageSource" s WHERE s."Id" = "LocalImage"."ImageSourceId")
     WHERE "State" = 'NotDownloaded' AND "ImageSourceId" IS NOT NULL ${typeFilter}`,
    p,
  );
  return Number(n);
}

/**
 * Seed 001's SaveImageBuiltins, per scope: inside the caller's ONE transaction, upsert every row
 * with GroupTag "<scope>#<group>", delete the same type's rows of that scope with another GroupTag
 * (and rows of scopes that are no longer configured), then reconcile local images.
 */
export async function applyCatalog(
  em: EntityManager,
  type: ImageTypeName,
  updates: ScopeUpdate[],
  configuredScopes: string[],
): Promise<ApplyResult> {
  let upserted = 0;
  let purged = 0;
  for (const u of updates) {
    const tag = groupTagOf(u.scope, u.group);
    await upsertSources(em, u.rows, () => tag);
    upserted += u.rows.length;
    const prefix = `${u.scope}#`;
    purged += await deleteSources(
      em,
      `"Type" = ? AND substr("GroupTag", 1, length(?)) = ? AND "GroupTag" <> ?`,
      [type, prefix, prefix, tag],
    );
  }
  // Rows whose scope was removed (a simplestreams server taken out of the list).
  const keep = configuredScopes.map((s) => `${s}#`);
  const notKept = keep.length
    ? `AND NOT (${keep.map(() => `substr("GroupTag", 1, length(?)) = ?`).join(' OR ')})`
    : '';
  purged += await deleteSources(em, `"Type" = ? AND "GroupTag" IS NOT NULL ${notKept}`, [type, ...keep.flatMap((k) => [k, k])]);
  const outdated = await reconcileLocalImages(em, type);
  return { upserted, purged, outdated };
}
