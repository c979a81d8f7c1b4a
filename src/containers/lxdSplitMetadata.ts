import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create as createTar } from 'tar';
import { stringify } from 'yaml';

/** LXD's architecture names for the names image catalogs use (simplestreams, Debian, Wsl-Manager). */
const LXD_ARCH: Record<string, string> = {
  amd64: 'x86_64', x86_64: 'x86_64', x64: 'x86_64',
  arm64: 'aarch64', aarch64: 'aarch64',
  armhf: 'armv7l', armv7l: 'armv7l', arm: 'armv7l',
  i386: 'i686', i686: 'i686', ia32: 'i686',
  ppc64el: 'ppc64le', ppc64le: 'ppc64le', ppc64: 'ppc64le',
  s390x: 's390x', riscv64: 'riscv64',
};

export interface SplitMetadataFacts {
  readonly distribution: string;
  readonly release: string | null;
  /** The row's architecture; without one, this host's (a downloaded rootfs is usually for it). */
  readonly arch: string | null;
  readonly description: string;
}

/** LXD's name for `arch` (or this host's when absent); undefined when LXD would not know it. */
export function lxdArchitecture(arch: string | null): string | undefined {
  return LXD_ARCH[(arch ?? process.arch).toLowerCase()];
}

/**
 * The metadata half of an LXD split image, as a gzip tarball holding `metadata.yaml` (architecture,
 * creation date, properties): what `lxc image import meta.tar.gz rootfs.tar.xz` expects next to a plain
 * rootfs. Written through a private temporary folder because `tar` archives files, not strings.
 */
export async function splitMetadataTarball(facts: SplitMetadataFacts, now = new Date()): Promise<Buffer> {
  const architecture = lxdArchitecture(facts.arch);
  if (!architecture) throw new Error(`LXD knows no architecture "${facts.arch ?? process.arch}".`);
  const properties: Record<string, string> = { os: facts.distribution, description: facts.description };
  if (facts.release) properties.release = facts.release;
  if (facts.arch) properties.architecture = facts.arch;
  const yaml = stringify({ architecture, creation_date: Math.floor(now.getTime() / 1000), properties });
  const dir = await mkdtemp(join(tmpdir(), 'cc-lxd-meta-'));
  try {
    await writeFile(join(dir, 'metadata.yaml'), yaml);
    await createTar({ gzip: true, cwd: dir, file: join(dir, 'meta.tar.gz'), portable: true, mtime: now }, ['metadata.yaml']);
    return await readFile(join(dir, 'meta.tar.gz'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
