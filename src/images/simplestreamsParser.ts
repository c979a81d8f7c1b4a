import { checkDigest, checkRelativePath, digestFileName, extensionOf, resolveUnder } from './catalogNames';
import { ImageCatalogError } from './imageCatalogError';
import { ImageType, type SourceRow } from './imageKinds';

// Simplestreams (LXD/Incus image servers): streams/v1/index.json lists product files; each
// products file (streams/v1/images.json) maps "<os>:<release>:<arch>:<variant>" to versions keyed
// "YYYYMMDD_…" whose items are the downloadable files. Only `image-downloads` entries with products
// are read. Any missing field or hostile path fails the whole catalog: a partial read would purge
// rows that the server still offers.

/** Item types we can turn into a local image, best first: a rootfs tarball, else a squashfs. */
const ITEM_PREFERENCE: ReadonlyArray<{ ftype: string; combined: string }> = [
  { ftype: 'root.tar.xz', combined: 'combined_rootxz_sha256' },
  { ftype: 'squashfs', combined: 'combined_squashfs_sha256' },
];
const VERSION_KEY = /^\d{8}/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The product files an index.json points at (relative paths, checked). */
export function parseIndex(url: string, json: unknown): string[] {
  if (!isObject(json) || !isObject(json.index)) throw new ImageCatalogError(url, 'not a simplestreams index (no "index" object)');
  const paths: string[] = [];
  for (const [name, entry] of Object.entries(json.index)) {
    if (!isObject(entry) || entry.datatype !== 'image-downloads') continue;
    if (!Array.isArray(entry.products) || entry.products.length === 0) continue;
    paths.push(checkRelativePath(`${url} (index entry "${name}")`, entry.path));
  }
  return paths;
}

/** The short label of a server that ends up in Tags, e.g. `@images.linuxcontainers.org`. */
export function serverTag(serverUrl: string): string {
  const u = new URL(serverUrl);
  return `@${u.host}${u.pathname.replace(/\/+$/, '')}`;
}

/**
 * Incus rows carry their facets at fixed places in Tags: `release,variant,arch,…aliases,@server`.
 * Release and arch are there because the key is (Type, Distribution, Tags, Configured) and one os
 * has many releases and arches; the server tag lets two servers offer the same product.
 */
export function incusTags(release: string, variant: string, arch: string, aliases: string[], server: string): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of [release, variant, arch, ...aliases, server]) {
    const v = t.trim();
    if (v && !seen.has(v)) {
      seen.add(v);
      out.push(v);
    }
  }
  return out.join(',');
}

/** Reads release/variant/arch back from an Incus row's Tags (see incusTags). */
export function incusFacets(tags: string): { release: string; variant: string; arch: string; server: string } {
  const parts = tags.split(',');
  return {
    release: parts[0] ?? '',
    variant: parts[1] ?? '',
    arch: parts[2] ?? '',
    server: parts.find((p) => p.startsWith('@'))?.slice(1) ?? '',
  };
}

function text(where: string, obj: Json, field: string): string {
  const v = obj[field];
  if (typeof v !== 'string' || v.trim() === '') throw new ImageCatalogError(where, `missing field "${field}"`);
  if (v.includes(',')) throw new ImageCatalogError(where, `field "${field}" contains a comma`);
  return v.trim();
}

/** Maps one products file (images.json) to ImageSource rows, one per product: its newest version. */
export function parseProducts(serverUrl: string, url: string, json: unknown): SourceRow[] {
  if (!isObject(json)) throw new ImageCatalogError(url, 'not a simplestreams products file');
  if (json.datatype !== undefined && json.datatype !== 'image-downloads') return [];
  if (!isObject(json.products)) throw new ImageCatalogError(url, 'missing field "products"');
  const server = serverTag(serverUrl);
  const rows: SourceRow[] = [];
  for (const [id, product] of Object.entries(json.products)) {
    const where = `${url} (product "${id}")`;
    if (!isObject(product)) throw new ImageCatalogError(where, 'product is not an object');
    const os = text(where, product, 'os');
    const release = text(where, product, 'release');
    const arch = text(where, product, 'arch');
    const variant = typeof product.variant === 'string' && product.variant ? text(where, product, 'variant') : 'default';
    if (!isObject(product.versions)) throw new ImageCatalogError(where, 'missing field "versions"');
    const keys = Object.keys(product.versions);
    const bad = keys.find((k) => !VERSION_KEY.test(k));
    if (bad !== undefined) throw new ImageCatalogError(where, `version key "${bad}" does not start with YYYYMMDD`);
    if (keys.length === 0) throw new ImageCatalogError(where, 'no versions');
    const latest = keys.sort().at(-1)!;
    const vwhere = `${where} version ${latest}`;
    const version = product.versions[latest];
    if (!isObject(version) || !isObject(version.items)) throw new ImageCatalogError(vwhere, 'missing field "items"');
    const items = Object.values(version.items).filter(isObject);
    const choice = ITEM_PREFERENCE.map((p) => ({ p, item: items.find((i) => i.ftype === p.ftype) })).find((c) => c.item);
    if (!choice) continue; // e.g. a VM-only product (disk-kvm.img): nothing a container can use
    const item = choice.item!;
    const iwhere = `${vwhere} item "${choice.p.ftype}"`;
    const path = checkRelativePath(iwhere, item.path);
    const digest = checkDigest(iwhere, 'SHA256', item.sha256 ?? (() => {
      throw new ImageCatalogError(iwhere, 'missing field "sha256"');
    })());
    if (typeof item.size !== 'number' || !Number.isSafeInteger(item.size) || item.size < 0) {
      throw new ImageCatalogError(iwhere, 'missing or invalid field "size"');
    }
    const meta = items.find((i) => i.ftype === 'lxd.tar.xz');
    const combined = meta?.[choice.p.combined] ?? meta?.combined_sha256;
    const fingerprint = combined === undefined ? null : checkDigest(`${vwhere} item "lxd.tar.xz"`, 'SHA256', combined);
    const aliases = typeof product.aliases === 'string' ? product.aliases.split(',').filter((a) => a.trim()) : [];
    const title = typeof product.release_title === 'string' && product.release_title ? product.release_title : release;
    rows.push({
      type: ImageType.Incus,
      name: `${os} ${title} ${variant} (${arch})`,
      distribution: os,
      release,
      tags: incusTags(release, variant, arch, aliases, server),
      configured: 'FALSE',
      url: resolveUnder(iwhere, serverUrl, path),
      username: null,
      uid: null,
      localFilename: digestFileName('SHA256', digest, extensionOf(path)),
      digestSource: 'sums',
      digestAlgorithm: 'SHA256',
      digestUrl: url,
      digest,
      size: item.size,
      arch,
      fingerprint,
    });
  }
  return rows;
}
