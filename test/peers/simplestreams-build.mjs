// Builds the file tree the simplestreams nginx peer serves (see simplestreams.sh). Everything is real:
// busybox-static rootfs trees packed as LXD split images (lxd.tar.xz metadata + rootfs.tar.xz +
// rootfs.squashfs) and unified tarballs, with their true sha256 and LXD combined fingerprints.
//   node simplestreams-build.mjs <www dir> <port>
// Image files are rebuilt only when this script changes (stamp file), catalogs are rewritten every time.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const [wwwArg, portArg] = process.argv.slice(2);
if (!wwwArg || !portArg) throw new Error('usage: simplestreams-build.mjs <www dir> <port>');
const www = resolve(wwwArg);
const self = readFileSync(fileURLToPath(import.meta.url));
const stamp = createHash('sha256').update(self).digest('hex');
const work = join(dirname(www), 'work');
const EPOCH = 1767225600; // 2026-01-01, fixed so rebuilt tarballs are byte-identical

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const sha256Of = (...files) => {
  const h = createHash('sha256');
  for (const f of files) h.update(readFileSync(f));
  return h.digest('hex');
};
const sizeOf = (file) => readFileSync(file).length;

function tarXz(out, cwd, entries) {
  mkdirSync(dirname(out), { recursive: true });
  const tarFile = out.replace(/\.xz$/, '');
  execFileSync('tar', ['--sort=name', `--mtime=@${EPOCH}`, '--owner=0', '--group=0', '--numeric-owner',
    '-C', cwd, '-cf', tarFile, ...entries]);
  execFileSync('xz', ['-0', '-T1', '-f', tarFile]);
}

/** One rootfs tree: busybox-static, a passwd, an os-release naming the distribution, a marker file. */
function makeRootfs(dir, os, release, marker) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'bin'), { recursive: true });
  mkdirSync(join(dir, 'etc'), { recursive: true });
  cpSync('/bin/busybox', join(dir, 'bin/busybox'));
  chmodSync(join(dir, 'bin/busybox'), 0o755);
  for (const l of ['sh', 'ls', 'cat']) symlinkSync('busybox', join(dir, 'bin', l));
  writeFileSync(join(dir, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  writeFileSync(join(dir, 'etc/os-release'),
    `ID=${os}\nVERSION_ID="${release}"\nPRETTY_NAME="${os} ${release} (container-catalog test image)"\n`);
  writeFileSync(join(dir, 'etc/cc-image'), `${marker}\n`);
}

const LXD_ARCH = { amd64: 'x86_64', arm64: 'aarch64' };

function metadataYaml(p, version) {
  return [
    `architecture: ${LXD_ARCH[p.arch]}`,
    `creation_date: ${EPOCH}`,
    'properties:',
    `  architecture: ${p.arch}`,
    `  description: ${p.os} ${p.release} ${p.arch} (${p.variant}) (${version})`,
    `  os: ${p.os}`,
    `  release: ${p.release}`,
    `  serial: "${version}"`,
    `  variant: ${p.variant}`,
    'templates: {}',
    '',
  ].join('\n');
}

/** Builds the split files (meta, rootfs.tar.xz, squashfs) of one product version under www. */
function buildSplit(p, version) {
  const rel = `images/${p.os}/${p.release}/${p.arch}/${p.variant}/${version}`;
  const outDir = join(www, 'files', rel);
  const tmp = join(work, 'split', rel);
  makeRootfs(join(tmp, 'rootfs'), p.os, p.release, `${p.os}:${p.release}:${p.arch}:${p.variant}:${version}`);
  writeFileSync(join(tmp, 'metadata.yaml'), metadataYaml(p, version));
  mkdirSync(outDir, { recursive: true });
  tarXz(join(outDir, 'lxd.tar.xz'), tmp, ['metadata.yaml']);
  tarXz(join(outDir, 'rootfs.tar.xz'), join(tmp, 'rootfs'), ['.']);
  rmSync(join(outDir, 'rootfs.squashfs'), { force: true });
  execFileSync('mksquashfs', [join(tmp, 'rootfs'), join(outDir, 'rootfs.squashfs'), '-noappend', '-all-root',
    '-no-progress', '-quiet', '-mkfs-time', String(EPOCH), '-all-time', String(EPOCH)]);
}

function itemsOf(p, version, { wrongRootfsDigest = false } = {}) {
  const rel = `images/${p.os}/${p.release}/${p.arch}/${p.variant}/${version}`;
  const f = (n) => join(www, 'files', rel, n);
  const rootSha = wrongRootfsDigest ? 'f'.repeat(64) : sha256(f('rootfs.tar.xz'));
  return {
    'lxd.tar.xz': {
      ftype: 'lxd.tar.xz', path: `${rel}/lxd.tar.xz`, sha256: sha256(f('lxd.tar.xz')), size: sizeOf(f('lxd.tar.xz')),
      combined_sha256: sha256Of(f('lxd.tar.xz'), f('rootfs.tar.xz')),
      combined_rootxz_sha256: sha256Of(f('lxd.tar.xz'), f('rootfs.tar.xz')),
      combined_squashfs_sha256: sha256Of(f('lxd.tar.xz'), f('rootfs.squashfs')),
    },
    'root.tar.xz': {
      ftype: 'root.tar.xz', path: `${rel}/rootfs.tar.xz`, sha256: rootSha, size: sizeOf(f('rootfs.tar.xz')),
    },
    'rootfs.squashfs': {
      ftype: 'squashfs', path: `${rel}/rootfs.squashfs`, sha256: sha256(f('rootfs.squashfs')),
      size: sizeOf(f('rootfs.squashfs')),
    },
  };
}

const V1 = '20260101_0312';
const V2 = '20260102_0312';
const V3 = '20260103_0312'; // only in catalog "b": a newer build of alpine 3.20 amd64
const P = (os, release, arch, variant, aliases) => ({ os, release, arch, variant, aliases });
const PRODUCTS = [
  P('alpine', '3.19', 'amd64', 'default', 'alpine/3.19/default,alpine/3.19'),
  P('alpine', '3.19', 'arm64', 'default', 'alpine/3.19/default,alpine/3.19'),
  P('alpine', '3.20', 'amd64', 'default', 'alpine/3.20/default,alpine/3.20,alpine/edge'),
  P('alpine', '3.20', 'arm64', 'default', 'alpine/3.20/default,alpine/3.20,alpine/edge'),
  P('debian', 'bookworm', 'amd64', 'default', 'debian/bookworm/default,debian/12'),
  P('debian', 'bookworm', 'amd64', 'cloud', 'debian/bookworm/cloud,debian/12/cloud'),
  P('debian', 'trixie', 'amd64', 'default', 'debian/trixie/default,debian/13'),
  P('debian', 'trixie', 'amd64', 'cloud', 'debian/trixie/cloud,debian/13/cloud'),
];
// Listed with a sha256 that does not match the file it points at.
const WRONG = P('debian', 'bookworm', 'amd64', 'wrongsum', 'debian/bookworm/wrongsum');
// Only in catalog "b".
const ADDED = P('alpine', '3.21', 'amd64', 'default', 'alpine/3.21/default,alpine/3.21');

function buildFiles() {
  const stampFile = join(www, 'files', '.stamp');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return;
  rmSync(join(www, 'files'), { recursive: true, force: true });
  for (const p of [...PRODUCTS, WRONG]) for (const v of [V1, V2]) buildSplit(p, v);
  buildSplit(PRODUCTS[2], V3);
  buildSplit(ADDED, V2);
  // Unified tarballs for Uri sources: metadata.yaml + rootfs/ in one tar.xz.
  for (const [name, p] of [['alpine-3.20-amd64', PRODUCTS[2]], ['debian-bookworm-amd64', PRODUCTS[4]],
    ['wrong-digest', WRONG]]) {
    const tmp = join(work, 'unified', name);
    makeRootfs(join(tmp, 'rootfs'), p.os, p.release, `unified:${name}`);
    writeFileSync(join(tmp, 'metadata.yaml'), metadataYaml(p, V2));
    tarXz(join(www, 'files', 'uri', `${name}.tar.xz`), tmp, ['metadata.yaml', 'rootfs']);
  }
  // A bigger file for cancel tests (served throttled under /slow/): real tarball, incompressible filler.
  const big = join(work, 'big');
  makeRootfs(join(big, 'rootfs'), 'alpine', '3.20', 'big');
  const blocks = [];
  for (let i = 0; i < 32768; i++) blocks.push(createHash('sha512').update(String(i)).digest());
  writeFileSync(join(big, 'rootfs', 'filler.bin'), Buffer.concat(blocks)); // 2 MiB, incompressible
  tarXz(join(www, 'files', 'uri', 'big.tar.xz'), big, ['rootfs']);
  // A rootfs-only tarball with /etc/os-release (no metadata.yaml), for imports.
  const plain = join(work, 'plain');
  makeRootfs(plain, 'debian', '12', 'plain');
  tarXz(join(www, 'files', 'uri', 'plain-debian-12.rootfs.tar.xz'), plain, ['.']);
  writeFileSync(stampFile, stamp);
}

function product(p, versions) {
  return {
    aliases: p.aliases, arch: p.arch, os: p.os, release: p.release,
    release_title: p.release, variant: p.variant, requirements: {}, versions,
  };
}
const key = (p) => `${p.os}:${p.release}:${p.arch}:${p.variant}`;
const version = (p, v, opts) => ({ [v]: { items: itemsOf(p, v, opts) } });

function writeStreams(dir, products, { indexPath = 'streams/v1/images.json' } = {}) {
  const ids = Object.keys(products);
  mkdirSync(join(dir, 'streams/v1'), { recursive: true });
  writeFileSync(join(dir, 'streams/v1/index.json'), JSON.stringify({
    format: 'index:1.0',
    index: { images: { datatype: 'image-downloads', path: indexPath, format: 'products:1.0', products: ids } },
  }, null, 1));
  if (indexPath === 'streams/v1/images.json') {
    writeFileSync(join(dir, 'streams/v1/images.json'), JSON.stringify({
      content_id: 'images', datatype: 'image-downloads', format: 'products:1.0', products,
    }, null, 1));
  }
}

function linkImages(serverDir) {
  mkdirSync(serverDir, { recursive: true });
  const link = join(serverDir, 'images');
  rmSync(link, { force: true, recursive: true });
  symlinkSync(join(www, 'files', 'images'), link);
}

function buildCatalogs() {
  for (const d of ['catalogs', 'ss', 'ss2', 'ss-malformed', 'ss-missing', 'ss-evil', 'ss-badversion', 'uri', 'builtin']) {
    rmSync(join(www, d), { recursive: true, force: true });
  }
  // Catalog "a": every product with two versions (the newer must win) + the wrong-digest product.
  const a = {};
  for (const p of PRODUCTS) a[key(p)] = product(p, { ...version(p, V1), ...version(p, V2) });
  a[key(WRONG)] = product(WRONG, { ...version(WRONG, V1), ...version(WRONG, V2, { wrongRootfsDigest: true }) });
  writeStreams(join(www, 'catalogs/a'), a);
  // Catalog "b": alpine 3.20 amd64 has a newer build, debian trixie cloud is gone, alpine 3.21 is new.
  const b = { ...a };
  b[key(PRODUCTS[2])] = product(PRODUCTS[2], { ...version(PRODUCTS[2], V2), ...version(PRODUCTS[2], V3) });
  delete b[key(PRODUCTS[7])];
  b[key(ADDED)] = product(ADDED, version(ADDED, V2));
  writeStreams(join(www, 'catalogs/b'), b);
  // A checksum file that changes with the catalog switch (for Uri refresh tests): "b" lists another
  // digest for big.tar.xz, as if the file had been rebuilt upstream.
  const bigSum = sha256(join(www, 'files/uri/big.tar.xz'));
  writeFileSync(join(www, 'catalogs/a/streams/SHA256SUMS'), `${bigSum}  big.tar.xz\n`);
  writeFileSync(join(www, 'catalogs/b/streams/SHA256SUMS'), `${'e'.repeat(64)}  big.tar.xz\n# rebuilt\n`);
  // Server "ss": streams/ follows catalogs/current (switched by `simplestreams.sh switch a|b`).
  symlinkSync('a', join(www, 'catalogs/current'));
  linkImages(join(www, 'ss'));
  symlinkSync(join(www, 'catalogs/current/streams'), join(www, 'ss/streams'));
  // Server "ss2": a second, independent server offering one product that "ss" also offers.
  linkImages(join(www, 'ss2'));
  writeStreams(join(www, 'ss2'), { [key(PRODUCTS[4])]: product(PRODUCTS[4], version(PRODUCTS[4], V1)) });
  // Malformed variants.
  linkImages(join(www, 'ss-malformed'));
  writeStreams(join(www, 'ss-malformed'), a);
  const full = readFileSync(join(www, 'ss-malformed/streams/v1/images.json'), 'utf8');
  writeFileSync(join(www, 'ss-malformed/streams/v1/images.json'), full.slice(0, Math.floor(full.length / 2)));
  linkImages(join(www, 'ss-missing'));
  const missing = structuredClone(a);
  delete missing[key(PRODUCTS[0])].versions[V2].items['root.tar.xz'].sha256;
  writeStreams(join(www, 'ss-missing'), missing);
  linkImages(join(www, 'ss-badversion'));
  const badVersion = structuredClone(a);
  badVersion[key(PRODUCTS[0])].versions = { latest: badVersion[key(PRODUCTS[0])].versions[V2] };
  writeStreams(join(www, 'ss-badversion'), badVersion);
  // Hostile paths: `..` escaping the server, an absolute path, and a digest that is not hex.
  linkImages(join(www, 'ss-evil'));
  const evil = {};
  const e1 = structuredClone(a[key(PRODUCTS[0])]);
  e1.versions[V2].items['root.tar.xz'].path = '../../../../etc/passwd';
  evil[key(PRODUCTS[0])] = e1;
  const e2 = structuredClone(a[key(PRODUCTS[1])]);
  e2.versions[V2].items['root.tar.xz'].path = '/etc/passwd';
  evil[key(PRODUCTS[1])] = e2;
  const e3 = structuredClone(a[key(PRODUCTS[2])]);
  e3.versions[V2].items['root.tar.xz'].sha256 = '../../../escape';
  evil[key(PRODUCTS[2])] = e3;
  writeStreams(join(www, 'ss-evil'), evil);
  // Uri sources: SHA256SUMS for a folder, a single .sha256 next to a file, and a wrong sum.
  mkdirSync(join(www, 'uri'), { recursive: true });
  for (const f of ['alpine-3.20-amd64.tar.xz', 'debian-bookworm-amd64.tar.xz', 'wrong-digest.tar.xz', 'big.tar.xz',
    'plain-debian-12.rootfs.tar.xz']) {
    symlinkSync(join(www, 'files/uri', f), join(www, 'uri', f));
  }
  const u = (f) => join(www, 'files/uri', f);
  writeFileSync(join(www, 'uri/SHA256SUMS'), [
    `${sha256(u('alpine-3.20-amd64.tar.xz'))}  alpine-3.20-amd64.tar.xz`,
    `${'0'.repeat(64)}  wrong-digest.tar.xz`,
    `${sha256(u('big.tar.xz'))}  big.tar.xz`,
    `${sha256(u('plain-debian-12.rootfs.tar.xz'))} *plain-debian-12.rootfs.tar.xz`,
    '',
  ].join('\n'));
  writeFileSync(join(www, 'uri/debian-bookworm-amd64.tar.xz.sha256'),
    `${sha256(u('debian-bookworm-amd64.tar.xz'))}  debian-bookworm-amd64.tar.xz\n`);
  // Builtin catalog served over HTTP (the optional URL setting).
  mkdirSync(join(www, 'builtin'), { recursive: true });
  const base = `http://127.0.0.1:${portArg}`;
  writeFileSync(join(www, 'builtin/catalog.json'), JSON.stringify([
    {
      Name: 'alpine', Distribution: 'alpine', Release: '3.20', Tags: 'latest', Configured: false,
      Url: `${base}/uri/alpine-3.20-amd64.tar.xz`, DigestSource: 'sums', DigestAlgorithm: 'SHA256',
      DigestUrl: `${base}/uri/SHA256SUMS`, Digest: sha256(u('alpine-3.20-amd64.tar.xz')),
      Size: sizeOf(u('alpine-3.20-amd64.tar.xz')),
    },
    {
      Name: 'debian', Distribution: 'debian', Release: 'bookworm', Tags: 'latest', Configured: false,
      Url: `${base}/uri/debian-bookworm-amd64.tar.xz`, DigestSource: 'single', DigestAlgorithm: 'SHA256',
      DigestUrl: `${base}/uri/debian-bookworm-amd64.tar.xz.sha256`, Digest: sha256(u('debian-bookworm-amd64.tar.xz')),
      Size: sizeOf(u('debian-bookworm-amd64.tar.xz')),
    },
  ], null, 1));
}

mkdirSync(www, { recursive: true });
buildFiles();
buildCatalogs();
rmSync(work, { recursive: true, force: true });
