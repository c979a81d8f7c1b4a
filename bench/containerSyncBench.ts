// Containers sync benchmark: the bulk mirror path (writeMirror) through the catalog store vs the same
// statements on raw sql.js, at 2,000 generated instances; and a full sync of 200 real LXD instances
// created on the LXD test peer. Run: `node out/bench/containerSyncBench.js` (needs the LXD peer for the
// real part; `npm run bench` calls runContainerSyncBench()). Prints markdown; reports ratios, since
// absolute times depend on the machine.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntityManager } from 'typeorm';
import { addEngine } from '../src/containers/engineRegistry';
import type { EngineMirror, MirrorInstance, MirrorProfile } from '../src/containers/engineMirror';
import { EngineTransport } from '../src/containers/engineTransport';
import { LxdClient } from '../src/containers/lxdClient';
import { fetchLxdMirror } from '../src/containers/lxdMirror';
import { mapLimit } from '../src/containers/mapLimit';
import { syncEngine } from '../src/containers/syncEngine';
import { containersUsingNetwork } from '../src/containers/usedBy';
import { writeMirror } from '../src/containers/writeMirror';
import { loadSqlJs } from '../src/store/loadSqlJs';
import { openCatalog } from '../src/store/openCatalog';


/** 2,000-style data: ~12 keys, 3 devices (nic on br0 for 1 in 5, else lxdbr0), 1–3 profiles, some snapshots. */
export function generateMirror(n: number): EngineMirror {
  const profiles: MirrorProfile[] = Array.from({ length: 20 }, (_, p) => ({
    name: p === 0 ? 'default' : `profile-${p}`,
    description: `bench profile ${p}`,
    config: { 'limits.memory': `${p + 1}GiB` },
    devices: (p === 0
      ? { root: { type: 'disk', path: '/', pool: 'default' } }
      : { eth0: { type: 'nic', nictype: 'bridged', [p <= 4 ? 'parent' : 'network']: p <= 4 ? 'br0' : 'lxdbr0', name: 'eth0' } }) as MirrorProfile['devices'],
  }));
  const instances: MirrorInstance[] = [];
  for (let i = 0; i < n; i++) {
    const config: Record<string, string> = {
      'limits.cpu': String(1 + (i % 8)),
      'image.os': 'ubuntu',
      'image.release': i % 2 ? 'noble' : 'jammy',
      'volatile.base_image': `img${String(i % 50).padStart(60, '0')}`,
      'volatile.uuid': `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      'volatile.eth1.hwaddr': `00:16:3e:00:${((i >> 8) & 255).toString(16)}:${(i & 255).toString(16)}`,
    };
    for (let k = 0; k < 6; k++) config[`user.key${k}`] = `value-${i}-${k}`;
    const devices = {
      eth1: { type: 'nic', nictype: 'bridged', [i % 5 === 0 ? 'parent' : 'network']: i % 5 === 0 ? 'br0' : 'lxdbr0', name: 'eth1' },
      data: { type: 'disk', pool: 'default', source: `vol${i % 50}`, path: '/data' },
      web: { type: 'proxy', listen: `tcp:127.0.0.1:${10000 + i}`, connect: 'tcp:127.0.0.1:80' },
    };
    const inst: MirrorInstance = {
      name: `c${String(i).padStart(5, '0')}`,
      architecture: 'x86_64',
      ephemeral: false,
      stateful: false,
      description: '',
      createdAt: new Date(Date.UTC(2026, 0, 1) + i * 1000),
      lastUsedAt: null,
      config,
      devices,
      profiles: ['default', `profile-${1 + (i % 19)}`, ...(i % 3 ? [] : [`profile-${1 + ((i + 7) % 19)}`])].filter((p, x, a) => a.indexOf(p) === x),
      snapshots: [],
    };
    if (i % 10 === 0) {
      inst.snapshots.push({ name: 'snap0', architecture: 'x86_64', stateful: false, createdAt: inst.createdAt, lastUsedAt: null, config, devices, profiles: inst.profiles });
    }
    instances.push(inst);
  }
  return {
    instances,
    profiles,
    networks: [
      { name: 'lxdbr0', description: '', type: 'bridge', config: { 'ipv4.address': '10.0.0.1/24' } },
      { name: 'br0', description: '', type: 'bridge', config: {} },
    ],
    pools: [
      {
        name: 'default',
        driver: 'dir',
        description: '',
        config: {},
        volumes: [
          ...Array.from({ length: 50 }, (_, v) => ({ name: `vol${v}`, type: 'custom', description: '', config: { size: '1GiB' } })),
          ...instances.map((i) => ({ name: i.name, type: 'container', description: '', config: {} })),
        ],
      },
    ],
    images: Array.from({ length: 50 }, (_, m) => ({
      fingerprint: `img${String(m).padStart(60, '0')}`,
      filename: `img${m}.tar.xz`,
      size: 1e8 + m,
      public: false,
      autoUpdate: false,
      cached: false,
      architecture: 'x86_64',
      createdAt: null,
      expiresAt: null,
      uploadedAt: new Date(Date.UTC(2026, 0, 1)),
      lastUsedAt: null,
      aliases: [{ name: `alias-${m}`, description: '' }],
      properties: { os: 'ubuntu', release: 'noble' },
      source: null,
    })),
    certificates: [],
    config: {},
  };
}

const ms = (t: bigint): number => Number(process.hrtime.bigint() - t) / 1e6;
const best = (xs: number[]): number => Math.min(...xs);

/** The same writeMirror statements on a raw sql.js database (no TypeORM, no store, no file writes). */
async function rawSqlJs(template: Uint8Array, mirror: EngineMirror, shrunk: EngineMirror): Promise<{ first: number; again: number; removal: number; br0: number }> {
  const SQL = await loadSqlJs();
  // A copy: sql.js's in-memory file may share the given array, so writes would leak into the template.
  const db = new SQL.Database(new Uint8Array(template));
  db.run('PRAGMA foreign_keys = ON');
  db.run(`INSERT INTO engines (kind, name, endpoint) VALUES ('lxd', 'bench', '/nonexistent')`);
  const ENGINE_ID = Number(db.exec(`SELECT id FROM engines WHERE name = 'bench'`)[0].values[0][0]);
  const em = {
    query: async (sql: string, params: unknown[] = []) => {
      const st = db.prepare(sql);
      try {
        st.bind(params as never);
        const rows: Record<string, unknown>[] = [];
        while (st.step()) rows.push(st.getAsObject());
        return rows;
      } finally {
        st.free();
      }
    },
  } as unknown as EntityManager;
  const tx = async (fn: () => Promise<unknown>): Promise<number> => {
    const t = process.hrtime.bigint();
    db.run('BEGIN');
    await fn();
    db.run('COMMIT');
    return ms(t);
  };
  const first = await tx(() => writeMirror(em, ENGINE_ID, mirror));
  const again = await tx(() => writeMirror(em, ENGINE_ID, mirror));
  const removal = await tx(() => writeMirror(em, ENGINE_ID, shrunk));
  const t = process.hrtime.bigint();
  for (let i = 0; i < 20; i++) await containersUsingNetwork(em, 'br0', ENGINE_ID);
  const br0 = ms(t) / 20;
  db.close();
  return { first, again, removal, br0 };
}

async function storeRun(dir: string, mirror: EngineMirror, shrunk: EngineMirror): Promise<{ first: number; again: number; removal: number; br0: number; br0Count: number; rows: number }> {
  const catalog = await openCatalog({ file: join(dir, `store-${Date.now()}.db`), watch: false });
  try {
    const ENGINE_ID = (await addEngine(catalog, { kind: 'lxd', endpoint: '/nonexistent/unix.socket', name: 'bench' })).id;
    const timed = async (m: EngineMirror): Promise<number> => {
      const t = process.hrtime.bigint();
      await catalog.write((em) => writeMirror(em, ENGINE_ID, m));
      return ms(t);
    };
    const first = await timed(mirror);
    const again = await timed(mirror);
    const removal = await timed(shrunk);
    let br0Count = 0;
    const t = process.hrtime.bigint();
    for (let i = 0; i < 20; i++) br0Count = (await catalog.read((em) => containersUsingNetwork(em, 'br0', ENGINE_ID))).length;
    const br0 = ms(t) / 20;
    const [{ n }] = await catalog.read((em) => em.query(`SELECT (SELECT count(*) FROM containers) + (SELECT count(*) FROM containers_config) + (SELECT count(*) FROM containers_devices) + (SELECT count(*) FROM containers_devices_config) + (SELECT count(*) FROM containers_profiles) AS n`));
    return { first, again, removal, br0, br0Count, rows: Number(n) };
  } finally {
    await catalog.close();
  }
}

/** Creates `count` instances on the LXD peer through the API, syncs them three times, deletes them. */
async function realLxd(dir: string, count: number): Promise<string> {
  const socket = process.env.CC_LXD_SOCKET;
  const alias = process.env.CC_LXD_IMAGE_ALIAS;
  if (!socket || !alias) return `_200 real LXD instances: not run (CC_LXD_SOCKET is not set; start test/peers/lxd.sh and source .build/peers/lxd.env)._`;
  const transport = new EngineTransport({ endpoint: socket });
  const lxd = new LxdClient(transport);
  const names = Array.from({ length: count }, (_, i) => `bench-${String(i).padStart(3, '0')}`);
  const t0 = process.hrtime.bigint();
  await mapLimit(names, 8, (name) => lxd.createInstance({ name, type: 'container', source: { type: 'image', alias }, profiles: ['default', 'web'], config: { 'user.bench': name } }));
  const createMs = ms(t0);
  try {
    const catalog = await openCatalog({ file: join(dir, 'real.db'), watch: false });
    try {
      const engine = await addEngine(catalog, { kind: 'lxd', endpoint: socket, name: 'bench-lxd' });
      const fetchTimes: number[] = [];
      const writeTimes: number[] = [];
      const syncTimes: number[] = [];
      let instances = 0;
      for (let i = 0; i < 3; i++) {
        let t = process.hrtime.bigint();
        const m = await fetchLxdMirror(lxd);
        fetchTimes.push(ms(t));
        if (m.instances.length < count) throw new Error(`only ${m.instances.length} instances read`);
        t = process.hrtime.bigint();
        await catalog.write((em) => writeMirror(em, engine.id, m));
        writeTimes.push(ms(t));
        t = process.hrtime.bigint();
        instances = (await syncEngine(catalog, engine, { certDir: dir })).counts.instances;
        syncTimes.push(ms(t));
      }
      const [fetchMs, writeMs, syncMs] = [best(fetchTimes), best(writeTimes), best(syncTimes)];
      return [
        `| ${count} real LXD instances (LXD 5.0 peer, unix socket) | best of 3 |`,
        `|---|---|`,
        `| instances in the sync | ${instances} |`,
        `| whole sync (syncEngine: API reads + one catalog write) | ${syncMs.toFixed(0)} ms |`,
        `| reading the API alone (instances, snapshots ×${instances}, profiles, networks, pools, images) | ${fetchMs.toFixed(0)} ms |`,
        `| writing the catalog alone (writeMirror in one catalog.write) | ${writeMs.toFixed(0)} ms |`,
        `| write ÷ read | ${(writeMs / fetchMs).toFixed(2)}× |`,
        `| (creating them through the API first, for scale) | ${(createMs / 1000).toFixed(1)} s |`,
      ].join('\n');
    } finally {
      await catalog.close();
    }
  } finally {
    await mapLimit(names, 8, (name) => lxd.deleteInstance(name).catch(() => undefined));
    transport.close();
  }
}

export async function runContainerSyncBench(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-bench-containers-'));
  try {
    const templateFile = join(dir, 'template.db');
    await (await openCatalog({ file: templateFile, watch: false })).close();
    const template = readFileSync(templateFile);
    const mirror = generateMirror(2000);
    const shrunk = { ...mirror, instances: mirror.instances.filter((_, i) => i % 20 !== 0) };
    const raws = [await rawSqlJs(template, mirror, shrunk), await rawSqlJs(template, mirror, shrunk)];
    const stores = [await storeRun(dir, mirror, shrunk), await storeRun(dir, mirror, shrunk)];
    const raw = { first: best(raws.map((r) => r.first)), again: best(raws.map((r) => r.again)), removal: best(raws.map((r) => r.removal)), br0: best(raws.map((r) => r.br0)) };
    const st = { first: best(stores.map((r) => r.first)), again: best(stores.map((r) => r.again)), removal: best(stores.map((r) => r.removal)), br0: best(stores.map((r) => r.br0)) };
    const row = (what: string, a: number, b: number): string => `| ${what} | ${a.toFixed(1)} ms | ${b.toFixed(1)} ms | ${(a / b).toFixed(2)}× |`;
    const generated = [
      `Bulk sync of 2,000 generated instances (${stores[0].rows.toLocaleString('en')} container rows incl. config/devices/links; 200 snapshots; 20 profiles; 2,050 volumes), one transaction each:`,
      '',
      '| operation | catalog store (TypeORM, durable file write) | raw sql.js (same SQL, in memory) | store ÷ raw |',
      '|---|---|---|---|',
      row('first sync (all inserts)', st.first, raw.first),
      row('re-sync, nothing changed (upserts, children replaced)', st.again, raw.again),
      row('re-sync with 100 instances gone (mirrored deletes)', st.removal, raw.removal),
      row(`"which containers use br0?" (${stores[0].br0Count} found, via nic or profile)`, st.br0, raw.br0),
    ].join('\n');
    const real = await realLxd(dir, 200);
    return `### Containers sync\n\n${generated}\n\n${real}\n`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runContainerSyncBench().then(
    (md) => process.stdout.write(md),
    (e: unknown) => {
      process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
