import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImageSource } from '../../../src/entities/ImageSource';
import { parseBuiltinList, refreshBuiltin } from '../../../src/images/builtinCatalog';
import { openTempCatalog } from '../../../src/store/openTempCatalog';
import { simplestreamsPeer } from './simplestreamsPeer';

// Entries in the shapes Wsl-Manager publishes (its builtins.rootfs.json on the rootfs branch, and the
// { "builtins": [...] } cache file it keeps next to images.db), written here from their documented fields.
const D = '3965266159209AD8F3349F6D7AD1FA08421D45C9C576EC6D75633BC0EF568275';
const dockerEntry = {
  Type: 'Builtin', Name: 'arch-base', Os: 'Arch', Distribution: 'Arch',
  Url: 'docker://ghcr.io/antoinemartin/powershell-wsl-manager/arch-base#latest', Hash: { Type: 'docker' },
  Digest: D, Release: '2025.12.01', Configured: false, Username: 'root', Uid: 0, LocalFilename: `${D}.rootfs.tar.gz`, Size: 219514407, Tags: ['latest'],
};
const sumsEntry = {
  Name: 'almalinux', Url: 'https://images.example.invalid/almalinux/10/amd64/default/rootfs.tar.xz', State: 0, Type: 1, Configured: false,
  Username: 'root', Uid: 0, Os: 'almalinux', Release: '10', LocalFileName: 'incus.almalinux_10.rootfs.tar.gz',
  HashSource: { Algorithm: 'SHA256', Type: 'sums', Hashes: {}, Mandatory: true, Url: 'https://images.example.invalid/almalinux/10/amd64/default/SHA256SUMS' },
  FileHash: null, Properties: {}, Tags: ['10'],
};
const dockerNoDigest = { ...dockerEntry, Name: 'debian', Os: 'Debian', Distribution: undefined, Url: 'docker://ghcr.io/antoinemartin/powershell-wsl-manager/debian:trixie', Digest: undefined, FileHash: null, Configured: true, Username: 'debian', Uid: 1000, Tags: ['latest', '13'] };

describe('images: Wsl-Manager builtin catalog shapes', () => {
  it('reads docker:// URLs, the Hash and HashSource objects, FileHash and Tags arrays', () => {
    const rows = parseBuiltinList('builtins.rootfs.json', [dockerEntry, sumsEntry, dockerNoDigest]);
    assert.deepEqual(rows.map((r) => [r.name, r.url, r.digestSource, r.digest, r.tags, r.configured, r.localFilename]), [
      ['arch-base', 'docker://ghcr.io/antoinemartin/powershell-wsl-manager/arch-base#latest', 'docker', D.toLowerCase(), 'latest', 'FALSE', `sha256_${D.toLowerCase()}.rootfs.tar.gz`],
      ['almalinux', 'https://images.example.invalid/almalinux/10/amd64/default/rootfs.tar.xz', 'sums', null, '10', 'FALSE', null],
      ['debian', 'docker://ghcr.io/antoinemartin/powershell-wsl-manager/debian#trixie', 'docker', null, 'latest,13', 'TRUE', null],
    ]);
    assert.equal(rows[1].digestUrl, 'https://images.example.invalid/almalinux/10/amd64/default/SHA256SUMS');
    assert.equal(rows[0].size, 219514407);
    assert.equal(rows[2].uid, 1000);
  });

  it('accepts Wsl-Manager\'s cache file shape { "builtins": [...] }', () => {
    assert.deepEqual(parseBuiltinList('cache', { builtins: [dockerEntry] }).map((r) => r.name), ['arch-base']);
  });

  it('skips a malformed entry and reports it, never the whole list', () => {
    const skipped: string[] = [];
    const rows = parseBuiltinList('builtins.rootfs.json', [
      dockerEntry,
      { ...dockerEntry, Name: 'bad-url', Url: 'docker://ghcr.io/UPPER/../x' },
      { ...sumsEntry, Name: 'bad-hash', HashSource: 'sha256' },
      42,
      { ...sumsEntry, Name: 'bad-tags', Tags: [1, 2] },
      { ...dockerEntry, Name: 'bad-digest', Digest: 'xyz' },
      sumsEntry,
    ], skipped);
    assert.deepEqual(rows.map((r) => r.name), ['arch-base', 'almalinux']);
    assert.equal(skipped.length, 5);
    assert.match(skipped[0], /^builtins\.rootfs\.json \(entry 1\): "docker:\/\/ghcr\.io\/UPPER\/\.\.\/x" is not a docker:\/\/host\/repository#tag URL$/);
    assert.match(skipped[1], /\(entry 2\): field "Hash" is not an object/);
    assert.match(skipped[2], /\(entry 3\): entry is not an object/);
    assert.match(skipped[3], /\(entry 4\): field "Tags" is not a list of strings/);
    assert.match(skipped[4], /\(entry 5\): "xyz" is not a SHA256 digest/);
  });

  it('refuses a list with no usable entry (an empty result would purge every builtin) and a list that is not one', () => {
    assert.throws(() => parseBuiltinList('x.json', [{ Name: 'a' }, 7]), /x\.json: no usable entry \(2 malformed; the first: x\.json \(entry 0\): missing field "Os"\)/);
    assert.throws(() => parseBuiltinList('x.json', { images: [] }), /x\.json: a builtin catalog must be a JSON array/);
    assert.deepEqual(parseBuiltinList('x.json', []), []);
  });
});

describe('images: a Wsl-Manager builtins.rootfs.json served by the nginx peer', () => {
  it('refreshes from it: the docker:// and sums entries are stored, the malformed one is skipped and reported', async () => {
    const { url, root } = simplestreamsPeer();
    const name = `wsl-shapes-${process.pid}.json`;
    writeFileSync(join(root, 'builtin', name), JSON.stringify([dockerEntry, { ...dockerEntry, Name: 'broken', Size: -1 }, sumsEntry]));
    const t = await openTempCatalog();
    try {
      const r = await refreshBuiltin(t.catalog, `${url}/builtin/${name}`, { force: true });
      assert.equal(r.status, 'updated');
      assert.deepEqual(r.skipped, [`${url}/builtin/${name} (entry 1): field "Size" is not a byte count`]);
      const rows = await t.catalog.read((em) => em.find(ImageSource, { where: { type: 'Builtin' } }));
      const names = rows.map((x) => x.name);
      assert.ok(names.includes('arch-base') && names.includes('almalinux') && !names.includes('broken'), names.join(', '));
      assert.equal(rows.find((x) => x.name === 'arch-base')!.url, dockerEntry.Url);
    } finally {
      await t.dispose();
      rmSync(join(root, 'builtin', name), { force: true });
    }
  });
});
