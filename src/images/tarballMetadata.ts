import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { parse as parseYaml } from 'yaml';
import { consumeChildOutput } from './childOutput';
import { ImageCatalogError } from './imageCatalogError';

export interface TarballMetadata {
  distribution: string | null;
  release: string | null;
  arch: string | null;
  /** Where the facts came from. */
  from: 'metadata.yaml' | 'os-release' | null;
}

export interface TarballReadOptions {
  /** Uncompressed archive bytes read at most while looking for the metadata (tests lower it). */
  maxArchiveBytes?: number;
}

/**
 * How far into the (uncompressed) archive the metadata is looked for. LXD puts metadata.yaml first
 * and a rootfs's etc/ comes long before 1 GiB; reading further only costs time (a gzip bomb of a
 * valid archive would otherwise be inflated in full on the extension host).
 */
export const MAX_METADATA_ARCHIVE_BYTES = 1024 * 1024 * 1024;

/** The files we look for, with the `./` and unified-LXD `rootfs/` prefixes removed. */
const WANTED = new Set(['metadata.yaml', 'etc/os-release', 'usr/lib/os-release']);
const MAX_TEXT = 64 * 1024;

function normalize(path: string): string {
  let p = path.replace(/^\.?\/+/, '');
  if (p.startsWith('rootfs/')) p = p.slice('rootfs/'.length);
  return p;
}

type Compression = 'xz' | 'gzip' | 'zstd' | 'none';
const MAGIC: [Compression, Buffer][] = [
  ['xz', Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])],
  ['gzip', Buffer.from([0x1f, 0x8b])],
  ['zstd', Buffer.from([0x28, 0xb5, 0x2f, 0xfd])],
];

function compressionOf(head: Buffer): Compression {
  return MAGIC.find(([, m]) => head.length >= m.length && head.subarray(0, m.length).equals(m))?.[0] ?? 'none';
}

async function compression(file: string): Promise<Compression> {
  const fh = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(6), 0, 6, 0);
    return compressionOf(buffer.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

/** Parses os-release (`KEY=value`, optionally quoted). */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2].replace(/^(["'])(.*)\1$/, '$2');
  }
  return out;
}

const mib = (n: number): string => (n >= 1024 ** 3 && n % 1024 ** 3 === 0 ? `${n / 1024 ** 3} GiB` : `${Math.round((n / 1024 ** 2) * 10) / 10} MiB`);

/**
 * Feeds the uncompressed archive to the `tar` parser until it has what it needs: metadata.yaml or
 * etc/os-release found, the end-of-archive marker (two zero blocks: whatever follows is not part of
 * the archive, and the parser would buffer all of it), or `max` bytes read. Returns the wanted texts.
 */
async function scanArchive(file: string, source: AsyncIterable<Buffer>, max: number): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  let entries = 0;
  let failure: Error | null = null;
  let endOfArchive = false;
  let ended = false;
  const parser = new Parser({
    // strict: a damaged or non-tar stream is an error, not a warning.
    strict: true,
    // The stream is already uncompressed; a second layer (or brotli guessed from garbage) is not a tarball.
    brotli: false,
    zstd: false,
    onReadEntry: (entry: ReadEntry) => {
      entries++;
      const name = normalize(entry.path);
      if (!WANTED.has(name) || entry.type !== 'File' || (entry.size ?? 0) > MAX_TEXT) {
        entry.resume();
        return;
      }
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => texts.set(name, Buffer.concat(chunks).toString('utf8')));
    },
  });
  parser.on('error', (e: Error) => (failure ??= e));
  parser.on('eof', () => (endOfArchive = true));
  parser.on('end', () => (ended = true));
  const found = (): boolean => texts.has('metadata.yaml') || texts.has('etc/os-release');
  const fail = (e: Error): ImageCatalogError => new ImageCatalogError(file, `not a readable tarball (${e.message})`);

  let read = 0;
  let capped = false;
  for await (const chunk of source) {
    if (read === 0 && compressionOf(chunk) !== 'none') throw new ImageCatalogError(file, 'not a readable tarball (compressed twice)');
    const room = max - read;
    parser.write(chunk.length > room ? chunk.subarray(0, room) : chunk);
    read += Math.min(chunk.length, room);
    if (failure) throw fail(failure);
    // Leaving the loop stops the source (the caller's stream is destroyed, a child is killed).
    if (found() || endOfArchive) break;
    if (read >= max) {
      capped = true;
      break;
    }
  }
  if (!found() && !endOfArchive && !capped) {
    parser.end();
    if (!ended && !failure) await new Promise<void>((resolve) => { parser.once('end', resolve); parser.once('error', () => resolve()); });
    if (failure) throw fail(failure);
  }
  if (entries === 0) throw new ImageCatalogError(file, 'not a readable tarball (no entries)');
  if (capped && texts.size === 0) {
    throw new ImageCatalogError(file, `no metadata.yaml or os-release in the first ${mib(max)} of the archive (reading stopped there)`);
  }
  return texts;
}

/** The uncompressed archive of a plain, gzip or zstd file, read in-process; the file is closed when the reader stops. */
function uncompressed(file: string, kind: Exclude<Compression, 'xz'>): Readable {
  const raw = createReadStream(file);
  if (kind === 'none') return raw;
  const inflate = kind === 'gzip' ? zlib.createGunzip() : (zlib as unknown as { createZstdDecompress: () => zlib.Gunzip }).createZstdDecompress();
  // pipeline destroys the file stream when the reader stops early or inflating fails.
  return pipeline(raw, inflate, () => undefined);
}

/**
 * Reads metadata.yaml (LXD image) or /etc/os-release from a tarball without unpacking it. gzip (and
 * zstd when this Node has it) are inflated in-process; xz (and zstd otherwise) through `xz -dc` /
 * `zstd -dc`. Reading stops at the end-of-archive marker, once metadata.yaml or etc/os-release is
 * found (LXD archives put metadata.yaml before rootfs/), or after `maxArchiveBytes`.
 */
export async function readTarballMetadata(file: string, opts: TarballReadOptions = {}): Promise<TarballMetadata> {
  const max = opts.maxArchiveBytes ?? MAX_METADATA_ARCHIVE_BYTES;
  const kind = await compression(file);
  const inProcess = kind === 'none' || kind === 'gzip' || (kind === 'zstd' && 'createZstdDecompress' in zlib);
  let texts: Map<string, string>;
  if (inProcess) {
    const source = uncompressed(file, kind as Exclude<Compression, 'xz'>);
    try {
      texts = await scanArchive(file, source, max);
    } catch (e) {
      if (e instanceof ImageCatalogError) throw e;
      throw new ImageCatalogError(file, `not a readable tarball (${(e as Error).message})`);
    } finally {
      source.destroy();
    }
  } else {
    texts = await consumeChildOutput(file, kind, ['-dc', '--', file], (stdout) => scanArchive(file, stdout, max));
  }
  const meta = texts.get('metadata.yaml');
  if (meta !== undefined) {
    let doc: unknown;
    try {
      // failsafe: every scalar stays a string, so `release: 3.20` is "3.20", not the number 3.2.
      doc = parseYaml(meta, { schema: 'failsafe' });
    } catch (e) {
      throw new ImageCatalogError(`${file} (metadata.yaml)`, `malformed YAML (${(e as Error).message})`);
    }
    const props = (doc as { properties?: Record<string, unknown>; architecture?: unknown } | null)?.properties ?? {};
    const s = (v: unknown): string | null => (typeof v === 'string' || typeof v === 'number' ? String(v) : null);
    return {
      distribution: s(props.os)?.toLowerCase() ?? null,
      release: s(props.release),
      arch: s(props.architecture) ?? s((doc as { architecture?: unknown }).architecture),
      from: 'metadata.yaml',
    };
  }
  const osRelease = texts.get('etc/os-release') ?? texts.get('usr/lib/os-release');
  if (osRelease !== undefined) {
    const o = parseOsRelease(osRelease);
    return { distribution: o.ID?.toLowerCase() ?? null, release: o.VERSION_ID ?? o.VERSION_CODENAME ?? null, arch: null, from: 'os-release' };
  }
  return { distribution: null, release: null, arch: null, from: null };
}
