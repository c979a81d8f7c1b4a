import { readSimplestreams, type SimplestreamsRead } from '../images/simplestreamsRead';
import type { EngineImageRow } from './engineImageRows';
import { EngineError } from './engineError';
import type { CheckProgress, ImageCheckError, ImageVerdict } from './imageUpdateTypes';

// An LXD image pulled from a simplestreams server by alias records that server and alias
// (images_source). It is outdated when the newest version of the product with that alias (for the
// image's architecture) has other fingerprints: LXD names a split image by the sha256 of metadata plus
// rootfs, which the server lists as combined_*_sha256.

/** LXD architecture names as simplestreams products spell them. */
const STREAM_ARCH: Record<string, string> = { x86_64: 'amd64', aarch64: 'arm64', armv7l: 'armhf', i686: 'i386', ppc64le: 'ppc64el', s390x: 's390x', riscv64: 'riscv64' };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const FINGERPRINT_KEYS = ['combined_squashfs_sha256', 'combined_rootxz_sha256', 'combined_sha256', 'combined_disk-kvm-img_sha256'];

/** The fingerprints of the newest version of every (alias, arch) a products file offers. */
function latestFingerprints(url: string, json: unknown, into: Map<string, string[]>): void {
  if (!isObject(json) || !isObject(json.products)) throw new EngineError('protocol', `${url} is not a simplestreams products file (no "products").`);
  for (const product of Object.values(json.products)) {
    if (!isObject(product) || !isObject(product.versions) || typeof product.arch !== 'string') continue;
    const latest = Object.keys(product.versions).filter((k) => /^\d{8}/.test(k)).sort().at(-1);
    const version = latest === undefined ? undefined : product.versions[latest];
    if (!isObject(version) || !isObject(version.items)) continue;
    const fps: string[] = [];
    for (const item of Object.values(version.items)) {
      if (!isObject(item)) continue;
      for (const k of FINGERPRINT_KEYS) if (typeof item[k] === 'string') fps.push(item[k] as string);
      if (item.ftype === 'lxd_combined.tar.gz' && typeof item.sha256 === 'string') fps.push(item.sha256);
    }
    if (!fps.length) continue;
    const aliases = typeof product.aliases === 'string' ? product.aliases.split(',').map((a) => a.trim()).filter(Boolean) : [];
    for (const a of aliases) into.set(`${a}\n${product.arch}`, fps);
  }
}

/** The LXD images the check can compare: a simplestreams update source, by alias (not by fingerprint). */
export function simplestreamsImagesOf(images: readonly EngineImageRow[]): EngineImageRow[] {
  return images.filter((i) => i.source && i.source.protocol === 2 && i.source.alias && !/^[0-9a-f]{12,64}$/i.test(i.source.alias));
}

/**
 * Checks LXD images against their simplestreams servers: one conditional read per server. A server
 * whose files all answer 304 since the ETags stored with its images keeps the stored answers (an
 * image checked before keeps its verdict; one never checked makes the read unconditional).
 */
export async function checkSimplestreamsImages(
  images: readonly EngineImageRow[],
  opts: { signal?: AbortSignal; onProgress?: CheckProgress; done?: number; total?: number } = {},
): Promise<{ verdicts: ImageVerdict[]; errors: ImageCheckError[] }> {
  const verdicts: ImageVerdict[] = [];
  const errors: ImageCheckError[] = [];
  const byServer = new Map<string, EngineImageRow[]>();
  for (const i of images) byServer.set(i.source!.server, [...(byServer.get(i.source!.server) ?? []), i]);
  let done = opts.done ?? 0;
  for (const [server, list] of byServer) {
    if (opts.signal?.aborted) throw new EngineError('cancelled', 'Cancelled.');
    // Stored ETags count only when every image of this server was answered from them before.
    const stored = list.every((i) => i.upstreamEtags && i.upstreamDigest) && new Set(list.map((i) => i.upstreamEtags)).size === 1 ? parseEtags(list[0].upstreamEtags) : undefined;
    let answer: SimplestreamsRead;
    const products = new Map<string, string[]>();
    try {
      answer = await readSimplestreams(server, stored, { signal: opts.signal });
      if (answer.changed) for (const p of answer.products) latestFingerprints(p.url, p.json, products);
    } catch (e) {
      if (opts.signal?.aborted) throw new EngineError('cancelled', 'Cancelled.');
      for (const i of list) errors.push({ image: label(i), message: (e as Error).message });
      opts.onProgress?.((done += list.length), opts.total ?? images.length);
      continue;
    }
    const etags = JSON.stringify(answer.etags);
    for (const i of list) {
      const source = `${server} ${i.source!.alias}`;
      if (!answer.changed) {
        verdicts.push({ id: i.id, fingerprint: i.fingerprint, name: label(i), source, outdated: i.outdated, latest: i.upstreamDigest!, etags });
        continue;
      }
      const arch = STREAM_ARCH[i.architecture] ?? i.architecture;
      const fps = products.get(`${i.source!.alias}\n${arch}`);
      if (!fps) {
        errors.push({ image: label(i), message: `${server} no longer offers ${i.source!.alias} for ${arch}` });
        continue;
      }
      const current = fps.includes(i.fingerprint);
      verdicts.push({ id: i.id, fingerprint: i.fingerprint, name: label(i), source, outdated: !current, latest: current ? i.fingerprint : fps[0], etags });
    }
    opts.onProgress?.((done += list.length), opts.total ?? images.length);
  }
  return { verdicts, errors };
}

function label(i: EngineImageRow): string {
  return i.aliases[0] ?? i.source?.alias ?? i.fingerprint.slice(0, 12);
}

function parseEtags(text: string | null): Record<string, string> | undefined {
  try {
    const v = JSON.parse(text ?? '') as unknown;
    return isObject(v) && Object.values(v).every((e) => typeof e === 'string') ? (v as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}
