import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { loadContainer, loadProfiles } from '../../../src/containers/catalogReads';
import type { EngineContext } from '../../../src/containers/engineConnection';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { addEngine, getEngine } from '../../../src/containers/engineRegistry';
import { syncEngine } from '../../../src/containers/syncEngine';
import { applyContainerToEngine, applyProfileToEngine, exportContainer, exportProfile, importContainer, importProfile } from '../../../src/containers/yamlTransfer';
import { profileFromYaml } from '../../../src/containers/yamlShapes';
import { openTempCatalog } from '../../../src/store/openTempCatalog';
import type { TempCatalog } from '../../../src/store/openTempCatalog';
import { lxc, lxcQuery, lxdPeer, testEngineContext } from './enginePeers';
import type { LxdPeer } from './enginePeers';

type ApiProfile = { name: string; description: string; config: Record<string, string>; devices: Record<string, Record<string, string>>; used_by: string[] };

describe('YAML round trip with the real LXD', function () {
  let peer: LxdPeer;
  let t: TempCatalog;
  let ctx: EngineContext;
  let engine: EngineRecord;
  let local: EngineRecord;
  const cleanup = ['t-yaml-copy', 't-applied'];

  const dropProfiles = (): void => {
    for (const p of cleanup) {
      try {
        lxc(peer, ['profile', 'delete', p]);
      } catch {
        // absent
      }
    }
  };

  before(async () => {
    peer = lxdPeer();
    dropProfiles();
    t = await openTempCatalog();
    ctx = testEngineContext();
    engine = await addEngine(t.catalog, { kind: 'lxd', endpoint: peer.socket, name: 'lxd-yaml' });
    await syncEngine(t.catalog, engine, ctx);
    local = await getEngine(t.catalog, 'local catalog');
  });
  after(async () => {
    dropProfiles();
    await t?.dispose();
  });

  it('exports a profile in the shape `lxc profile show` prints', async () => {
    const mine = parse(await exportProfile(t.catalog, engine, 'web')) as ApiProfile;
    const theirs = parse(lxc(peer, ['profile', 'show', 'web'])) as ApiProfile;
    assert.deepEqual(Object.keys(mine), Object.keys(theirs));
    assert.deepEqual({ ...mine, used_by: [...mine.used_by].sort() }, { ...theirs, used_by: [...theirs.used_by].sort() });
  });

  it('`lxc profile edit` accepts the export, and LXD then holds the same profile', async () => {
    const text = await exportProfile(t.catalog, engine, 'web');
    lxc(peer, ['profile', 'create', 't-yaml-copy']);
    lxc(peer, ['profile', 'edit', 't-yaml-copy'], text);
    const copy = lxcQuery<ApiProfile>(peer, '/1.0/profiles/t-yaml-copy');
    const web = lxcQuery<ApiProfile>(peer, '/1.0/profiles/web');
    assert.deepEqual([copy.description, copy.config, copy.devices], [web.description, web.config, web.devices]);
  });

  it('importing the export gives the same rows', async () => {
    const text = await exportProfile(t.catalog, engine, 'web');
    assert.equal(await importProfile(t.catalog, local, text), 'web');
    const [fromEngine] = await t.catalog.read((em) => loadProfiles(em, engine.id, ['web']));
    const [imported] = await t.catalog.read((em) => loadProfiles(em, local.id, ['web']));
    assert.deepEqual(imported, fromEngine);
    // Re-importing replaces, never duplicates.
    await importProfile(t.catalog, local, text);
    const n = await t.catalog.read((em) => em.query(`SELECT count(*) n FROM profiles WHERE engine_id = ? AND name = 'web'`, [local.id]));
    assert.equal(Number(n[0].n), 1);
  });

  it('exports a container in the shape `lxc config show` prints, and imports it back to the same rows', async () => {
    const text = await exportContainer(t.catalog, engine, 'ct-layered');
    const theirs = parse(lxc(peer, ['config', 'show', 'ct-layered'])) as Record<string, unknown>;
    assert.deepEqual(parse(text), theirs);
    assert.deepEqual(await importContainer(t.catalog, local, 'ct-layered-draft', text), { missingProfiles: ['default', 'limits'] });
    const a = (await t.catalog.read((em) => loadContainer(em, engine.id, 'ct-layered')))!;
    const b = (await t.catalog.read((em) => loadContainer(em, local.id, 'ct-layered-draft')))!;
    assert.deepEqual([b.config, b.devices, b.architecture, b.ephemeral], [a.config, a.devices, a.architecture, a.ephemeral]);
    // Only the profiles the local catalog knows are linked (web was imported above).
    assert.deepEqual(b.profiles, ['web']);
  });

  it('applies a catalog-only profile to LXD, then updates it', async () => {
    const draft = 'name: t-applied\ndescription: drafted in the catalog\nconfig:\n  limits.cpu: 1\n  user.note: draft\ndevices:\n  eth9:\n    type: nic\n    nictype: bridged\n    parent: ' + peer.bridge + '\n    name: eth9\n';
    await importProfile(t.catalog, local, draft);
    await applyProfileToEngine(t.catalog, local, 't-applied', engine, ctx);
    const p = lxcQuery<ApiProfile>(peer, '/1.0/profiles/t-applied');
    assert.equal(p.description, 'drafted in the catalog');
    assert.deepEqual(p.config, { 'limits.cpu': '1', 'user.note': 'draft' });
    assert.deepEqual(p.devices.eth9, { type: 'nic', nictype: 'bridged', parent: peer.bridge, name: 'eth9' });
    const [mirrored] = await t.catalog.read((em) => loadProfiles(em, engine.id, ['t-applied']));
    assert.deepEqual(mirrored.config, p.config);
    await importProfile(t.catalog, local, draft.replace('user.note: draft', 'user.note: second'));
    await applyProfileToEngine(t.catalog, local, 't-applied', engine, ctx);
    assert.equal(lxcQuery<ApiProfile>(peer, '/1.0/profiles/t-applied').config['user.note'], 'second');
  });

  it('applies a catalog-only container (a YAML draft) to LXD, with its profiles, keys and devices', async () => {
    // The draft's profiles must be in the local catalog too (links are rows, not names).
    for (const p of ['default', 'limits']) await importProfile(t.catalog, local, await exportProfile(t.catalog, engine, p));
    const text = await exportContainer(t.catalog, engine, 'ct-layered');
    assert.deepEqual(await importContainer(t.catalog, local, 't-applied-ct', text), { missingProfiles: [] });
    assert.deepEqual((await t.catalog.read((em) => loadContainer(em, local.id, 't-applied-ct')))?.profiles, ['default', 'limits', 'web']);
    try {
      await applyContainerToEngine(t.catalog, local, 't-applied-ct', engine, ctx);
      const made = lxcQuery<{ profiles: string[]; config: Record<string, string>; devices: Record<string, Record<string, string>> }>(peer, '/1.0/instances/t-applied-ct');
      const orig = lxcQuery<{ profiles: string[]; config: Record<string, string>; devices: Record<string, Record<string, string>> }>(peer, '/1.0/instances/ct-layered');
      assert.deepEqual(made.profiles, orig.profiles);
      assert.deepEqual(made.devices, orig.devices);
      assert.equal(made.config['user.owner'], 'tests');
      assert.equal(made.config['volatile.base_image'], orig.config['volatile.base_image']);
      const mirrored = await t.catalog.read((em) => loadContainer(em, engine.id, 't-applied-ct'));
      assert.deepEqual(mirrored?.profiles, ['default', 'limits', 'web']);
      await assert.rejects(applyContainerToEngine(t.catalog, local, 't-applied-ct', engine, ctx), { kind: 'api', message: /^LXD: .*already exists/ });
    } finally {
      try {
        lxc(peer, ['delete', '-f', 't-applied-ct']);
      } catch {
        // never created (the assertion above says why)
      }
    }
  });

  it('refuses YAML it cannot take, saying why', async () => {
    assert.throws(() => profileFromYaml('config: [1, 2'), /^Error: Not valid YAML/);
    assert.throws(() => profileFromYaml('- a\n- b\n', 'p'), /Expected a profile as a YAML mapping/);
    assert.throws(() => profileFromYaml('config: {}\n'), /has no name/);
    assert.throws(() => profileFromYaml('name: p\nconfig:\n  a:\n    b: c\n'), /^Error: config\.a: must be a string, got a map$/);
    assert.throws(() => profileFromYaml('name: p\ndevices:\n  eth0:\n    network: br0\n'), /Device "eth0" has no type/);
    assert.throws(() => profileFromYaml('name: a/b\n'), /^Error: name: "a\/b" has spaces or slashes$/);
    await assert.rejects(applyProfileToEngine(t.catalog, local, 'nope', engine, ctx), /No profile "nope" in local catalog/);
  });
});
