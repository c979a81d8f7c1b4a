import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Parser, type ReadEntry } from 'tar';
import { parse as parseYaml } from 'yaml';
import { ImageCatalogError } from './imageCatalogError';

export interface TarballMetadata {
  distribution: string | null;
  release: string | null;
  arch: string | null;
  /** Where the facts came from. */
  from: 'metadata.yaml' | 'os-release' | null;
}

/** The files we look for, with the `./` and unified-LXD `rootfs/` prefixes removed. */
const WANTED = new Set(['metadata.yaml', 'etc/os-release', 'usr/lib/os-release']);
const MAX_TEXT = 64 * 1024;

function normalize(path: string): string {
  let p = path.replace(/^\.?\/+/, '');
  if (p.startsWith('rootfs/')) p = p.slice('rootfs/'.length);
  return p;
}

async function compression(file: string): Promise<'xz' | 'other'> {
  const fh = await open(file, 'r');
  try {
    const { buffer } = await fh.read(Buffer.alloc(6), 0, 6, 0);
    return buffer.equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) ? 'xz' : 'other';
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

/**
 * Reads metadata.yaml (LXD image) or /etc/os-release from a tarball without unpacking it. gzip,
 * zstd and plain tar are read by the `tar` package; xz (which it cannot read) is piped through
 * `xz -dc`.
 */
export async function readTarballMetadata(file: string): Promise<TarballMetadata> {
  const texts = new Map<string, string>();
  let entries = 0;
  const parser = new Parser({
    // strict: a damaged or non-tar stream is an error, not a warning.
    strict: true,
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
  const done = new Promise<void>((resolve, reject) => {
    parser.on('end', () => resolve());
    parser.on('error', (e: Error) => reject(new ImageCatalogError(file, `not a readable tarball (${e.message})`)));
  });
  if ((await compression(file)) === 'xz') {
    const xz = spawn('xz', ['-dc', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    xz.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<void>((resolve, reject) => {
      xz.on('error', (e) => reject(new ImageCatalogError(file, `cannot run xz to read this .xz tarball (${e.message})`)));
      xz.on('close', (code) => (code === 0 ? resolve() : reject(new ImageCatalogError(file, `xz failed: ${stderr.trim() || `exit ${code}`}`))));
    });
    xz.stdout.pipe(parser);
    await Promise.all([done, exited]);
  } else {
    createReadStream(file).on('error', (e) => parser.emit('error', e)).pipe(parser);
    await done;
  }
  if (entries === 0) throw new ImageCatalogError(file, 'not a readable tarball (no entries)');
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
