// Engine sync parts (issue 19): on the real Podman and Docker test peers, with 50 and 200 containers
// created through the API, how long a sync takes and where the time goes, beside the engine's own list
// (`podman ps -a` / `docker ps -a` as a process, and the container list call our client sends),
// measured in the same run: a first sync's rows from the list calls (written and saved), then the
// inspects and the write of what only they give. Also LXD at 50 and 200 instances (`lxc list --format
// json` vs a sync; one step).
// Run alone: `node esbuild.mjs --tests && node out/bench/engineSyncBench.js` (peers started and their
// .build/peers/*.env sourced); `npm run bench` calls runEngineSyncBench(). Ratios matter, not absolute
// times: the machine is shared.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DockerClient } from '../src/containers/dockerClient';
import { fetchDockerMirror } from '../src/containers/dockerMirror';
import type { EngineKind, EngineRecord } from '../src/containers/engineRecord';
import { addEngine } from '../src/containers/engineRegistry';
import { EngineTransport } from '../src/containers/engineTransport';
import { LxdClient } from '../src/containers/lxdClient';
import { fetchLxdMirror } from '../src/containers/lxdMirror';
import { mapLimit } from '../src/containers/mapLimit';
import { engineMemory } from '../src/containers/mirrorMemory';
import { syncEngine } from '../src/containers/syncEngine';
import type { Catalog } from '../src/store/catalog';
import { openCatalog } from '../src/store/openCatalog';

export const TITLE = 'Engine sync parts (issue 19)';
const ms = (t: bigint): number => Number(process.hrtime.bigint() - t) / 1e6;
const best = async (n: number, fn: () => Promise<unknown> | unknown): Promise<number> => {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(ms(t));
  }
  return Math.min(...times);
};
const f = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

/** One cold first sync: its time, when its rows were written, and how many containers it then inspected. */
interface FirstSync {
  readonly catalog: Catalog;
  readonly file: string;
  readonly engine: EngineRecord;
  readonly total: number;
  readonly rows: number;
  readonly pending?: number;
}

/**
 * Three cold first syncs, each into a new catalog (nothing known in this process for it); the run with
 * the median total is kept open for the measures after it, the others closed. The first of a process
 * also pays for compiling our code once, which one run alone would report as the sync's cost.
 */
async function medianFirstSync(dir: string, name: string, add: (c: Catalog) => Promise<EngineRecord>): Promise<FirstSync> {
  const runs: FirstSync[] = [];
  for (let k = 0; k < 3; k++) {
    const file = join(dir, `${name}-${k}.db`);
    const catalog = await openCatalog({ file, watch: false });
    const engine = await add(catalog);
    let rows = 0;
    let pending: number | undefined;
    const t = process.hrtime.bigint();
    await syncEngine(catalog, engine, { certDir: dir }, {
      onRowsWritten: (w) => {
        rows = ms(t);
        pending = engine.kind === 'lxd' ? undefined : w.pending;
      },
    });
    runs.push({ catalog, file, engine, total: ms(t), rows, pending });
  }
  const [median] = [...runs].sort((a, b) => a.total - b.total).slice(1, 2);
  for (const r of runs) if (r !== median) await r.catalog.close();
  return median;
}

/**
 * A new window on the catalog `first` synced (closed, then opened again: this process remembers nothing
 * of it), then one sync with nothing changed: it reads what the catalog holds back from the rows, makes
 * the engine's list calls (Podman/Docker: and an inspect per container, which no list call can spare)
 * and writes nothing. Closes the catalog it opens.
 */
async function newWindow(first: FirstSync): Promise<number> {
  await first.catalog.close();
  const catalog = await openCatalog({ file: first.file, watch: false });
  try {
    const t = process.hrtime.bigint();
    const r = await syncEngine(catalog, first.engine, { certDir: dirname(first.file) });
    const took = ms(t);
    if (r.written.instances || r.written.removed || r.written.sections.length) throw new Error(`a new window's sync wrote ${JSON.stringify(r.written)}`);
    return took;
  } finally {
    await catalog.close();
  }
}

interface Row {
  readonly engine: string;
  readonly count: number;
  readonly cliList: number;
  readonly apiList: number;
  readonly firstSync: number;
  /** From the call until the rows from the list calls are written (onRowsWritten). */
  readonly firstRows: number;
  /** Containers inspected after the rows (undefined: LXD, one step). */
  readonly inspected?: number;
  readonly idleSync: number;
  readonly idleFetch: number;
  readonly oneChangeSync: number;
  /** A sync in a new window (the catalog opened again: nothing remembered) with nothing changed. */
  readonly newWindowSync: number;
}

interface DockerPeer {
  readonly kind: 'podman' | 'docker';
  readonly socket: string;
  readonly image: string;
  cli(args: string[]): string;
}

function peers(): DockerPeer[] {
  const out: DockerPeer[] = [];
  const env = process.env;
  if (env.CC_PODMAN_SOCKET && env.CC_PODMAN_IMAGE) {
    const penv = { ...env, CONTAINERS_CONF: env.CC_PODMAN_CONTAINERS_CONF, CONTAINERS_STORAGE_CONF: env.CC_PODMAN_STORAGE_CONF, CONTAINERS_REGISTRIES_CONF: env.CC_PODMAN_REGISTRIES_CONF };
    out.push({ kind: 'podman', socket: env.CC_PODMAN_SOCKET, image: env.CC_PODMAN_IMAGE, cli: (a) => execFileSync('podman', a, { env: penv, encoding: 'utf8' }) });
  }
  if (env.CC_DOCKER_SOCKET && env.CC_DOCKER_IMAGE) {
    const sock = env.CC_DOCKER_SOCKET;
    out.push({ kind: 'docker', socket: sock, image: env.CC_DOCKER_IMAGE, cli: (a) => execFileSync('/usr/bin/docker', ['-H', `unix://${sock}`, ...a], { encoding: 'utf8' }) });
  }
  return out;
}

async function benchDocker(p: DockerPeer, count: number, dir: string): Promise<Row> {
  const transport = new EngineTransport({ endpoint: p.socket });
  const client = new DockerClient(transport);
  const existing = (await client.containers()).length;
  const names = Array.from({ length: Math.max(0, count - existing) }, (_, i) => `bench-${count}-${i}`);
  await mapLimit(names, 4, (n) => client.create(n, { Image: p.image, Cmd: ['/bin/true'], Labels: { bench: String(count) }, Env: [`N=${n}`] }));
  try {
    const cliList = await best(3, () => p.cli(['ps', '-a']));
    // The container list a sync reads: Podman's own, Docker's compat one.
    const apiList = await best(3, () => (p.kind === 'podman' ? client.libpodContainers() : client.containers()));
    // A cold first sync in two parts: the rows from the list calls (written and saved), then the inspects
    // and the write of what only they give.
    const first = await medianFirstSync(dir, `${p.kind}-${count}`, (c) => addEngine(c, { kind: p.kind as EngineKind, endpoint: p.socket, name: `bench-${p.kind}` }));
    const { catalog, engine } = first;
    try {
      const ctx = { certDir: dir };
      const memory = engineMemory(catalog, engine.id);
      const idleFetch = await best(3, () => fetchDockerMirror(client, { memory: { ...memory, listed: new Map(memory.listed), imageArch: new Map(memory.imageArch) } }));
      const idleSync = await best(3, () => syncEngine(catalog, engine, ctx));
      p.cli(['create', '--name', `bench-${count}-extra`, p.image, '/bin/true']);
      const t = process.hrtime.bigint();
      const r = await syncEngine(catalog, engine, ctx);
      const oneChangeSync = ms(t);
      if (r.written.instances !== 1) throw new Error(`one change wrote ${r.written.instances} instances`);
      const newWindowSync = await newWindow(first);
      return { engine: p.kind, count, cliList, apiList, firstSync: first.total, firstRows: first.rows, inspected: first.pending, idleSync, idleFetch, oneChangeSync, newWindowSync };
    } finally {
      await catalog.close().catch(() => undefined);
    }
  } finally {
    await mapLimit([...names, `bench-${count}-extra`], 4, (n) => client.remove(n, true).catch(() => undefined));
    transport.close();
  }
}

async function benchLxd(count: number, dir: string): Promise<Row | undefined> {
  const env = process.env;
  if (!env.CC_LXD_SOCKET || !env.CC_LXD_DIR) return undefined;
  const lxcEnv = { ...env, LXD_DIR: env.CC_LXD_DIR, LXD_CONF: env.CC_LXD_CONF, HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.1,localhost,::1' };
  const transport = new EngineTransport({ endpoint: env.CC_LXD_SOCKET });
  const lxd = new LxdClient(transport);
  // The peer's own five instances plus stopped ones from its busybox image up to `count`, each with a
  // config key of its own (as instances made by hand have), removed again afterwards.
  const existing = (await lxd.instances()).length;
  const names = Array.from({ length: Math.max(0, count - existing) }, (_, i) => `bench-${count}-${i}`);
  try {
    await mapLimit(names, 4, (n) => lxd.createInstance({ name: n, source: { type: 'image', alias: 'busybox' }, profiles: ['default'], config: { 'user.bench': n } }));
    const cliList = await best(3, () => execFileSync('lxc', ['list', '--format', 'json'], { env: lxcEnv, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }));
    const apiList = await best(3, () => lxd.instancesFull());
    const socket = env.CC_LXD_SOCKET;
    const first = await medianFirstSync(dir, `lxd-${count}`, (c) => addEngine(c, { kind: 'lxd', endpoint: socket, name: 'bench-lxd' }));
    const { catalog, engine } = first;
    try {
      const ctx = { certDir: dir };
      const firstSync = first.total;
      const idleFetch = await best(3, () => fetchLxdMirror(lxd));
      const idleSync = await best(3, () => syncEngine(catalog, engine, ctx));
      execFileSync('lxc', ['config', 'set', env.CC_LXD_CONTAINERS!.split(' ')[0], 'user.bench', String(Date.now())], { env: lxcEnv });
      const t = process.hrtime.bigint();
      const r = await syncEngine(catalog, engine, ctx);
      const oneChangeSync = ms(t);
      if (r.written.instances !== 1) throw new Error(`one change wrote ${r.written.instances} instances`);
      const newWindowSync = await newWindow(first);
      return { engine: 'lxd', count: existing + names.length, cliList, apiList, firstSync, firstRows: firstSync, idleSync, idleFetch, oneChangeSync, newWindowSync };
    } finally {
      await catalog.close().catch(() => undefined);
    }
  } finally {
    await mapLimit(names, 4, (n) => lxd.deleteInstance(n).catch(() => undefined));
    transport.close();
  }
}

export async function runEngineSyncBench(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-enginesync-'));
  const rows: Row[] = [];
  try {
    for (const p of peers()) for (const n of [50, 200]) rows.push(await benchDocker(p, n, dir));
    for (const n of [50, 200]) {
      const l = await benchLxd(n, dir);
      if (l) rows.push(l);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const lines = [
    'Command: `node esbuild.mjs --tests && node out/bench/engineSyncBench.js` with the podman, docker and lxd peers running (also part of `npm run bench`).',
    'Best of 3 (first sync: the median of 3, each into a new catalog), in ms, one process, same run; ratios are against the engine\'s own CLI list.',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; load average ${loadavg()[0].toFixed(1)} at the end on ${cpus().length} cores shared with other work: compare the ratios, not the times.`,
    '',
    '| engine | containers | CLI list (`ps -a` / `lxc list`) | API list call | first sync: rows written (from lists) | rows / CLI list | then details filled (inspects) | first sync, total | **first sync / CLI list** | re-sync, nothing changed | its reads | re-sync / CLI list | one container changed | new window, nothing changed | new window / CLI list |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.engine} | ${r.count} | ${f(r.cliList)} | ${f(r.apiList)} | ${f(r.firstRows)} | ${(r.firstRows / r.cliList).toFixed(2)}× | ` +
        `${r.inspected === undefined ? '— (one step)' : `${f(r.firstSync - r.firstRows)} (${r.inspected} inspects)`} | ${f(r.firstSync)} | ${(r.firstSync / r.cliList).toFixed(2)}× | ` +
        `${f(r.idleSync)} | ${f(r.idleFetch)} | ${(r.idleSync / r.cliList).toFixed(2)}× | ${f(r.oneChangeSync)} | ${f(r.newWindowSync)} | ${(r.newWindowSync / r.cliList).toFixed(2)}× |`,
    ),
    '',
    rows.length ? '' : '_No engine peer was running: nothing measured._',
    '',
    'What is measured: "rows written" runs from the call of `syncEngine` on a new catalog (cold: nothing known in this process)',
    'until its first write is committed and saved (`onRowsWritten`): the list calls (containers, images, volumes, networks;',
    'for Podman its own container and network lists, not the compat ones), the mapping, one catalog write and its durable save.',
    'From then the tree, states and used-by queries (network, image; volume too for Docker, whose list names each mount\'s volume)',
    'answer for every container. The inspects start as soon as the lists are in, beside that write. "Details filled" is the rest of the same',
    'call: one inspect per container, 8 at a time (Podman\'s own inspect), beside one inspect per image not seen before in this process (the',
    'architecture comes from it, so a new container\'s row says "unknown" until then), and the second write (env,',
    'restart policy, start time, architecture, and for Docker what its list lacks) of the containers whose rows changed. The call returns after both; the catalog then holds what inspecting every',
    'container stores. A re-sync with nothing changed is the list calls and no catalog write (no transaction, no persist, no',
    'redraw); "its reads" is that re-sync\'s reads alone. "One container changed" is a sync after a `create` outside: its row',
    'from the lists, then its inspect and details. LXD: the peer\'s five instances and stopped ones made from its busybox image',
    'up to the count (each with a config key of its own), removed afterwards; its sync is one step (`recursion=2` lists',
    'instances with their snapshots, then one write); "one container changed" is a sync after an `lxc config set` outside.',
    '"New window" is a sync after the catalog was closed and opened again (what a new window or a reload does): nothing of',
    'the last sync is remembered, so it reads what the catalog holds back from its rows, makes the list calls and, for',
    'Podman/Docker, inspects every container once (no list carries env or restart policy); it writes nothing.',
  ];
  return lines.join('\n');
}

if (require.main === module) {
  void runEngineSyncBench().then((body) => {
    const report = `<!-- engine-sync-bench:start -->\n## ${TITLE}\n\n${body.trim()}\n<!-- engine-sync-bench:end -->`;
    process.stdout.write(`${report}\n`);
    const doc = resolve(__dirname, '../../docs/benchmarks.md');
    const start = '<!-- engine-sync-bench:start -->';
    const end = '<!-- engine-sync-bench:end -->';
    let text = existsSync(doc) ? readFileSync(doc, 'utf8') : '# Benchmarks\n';
    const a = text.indexOf(start);
    const b = text.indexOf(end);
    text = a >= 0 && b > a ? text.slice(0, a) + report + text.slice(b + end.length) : `${text.trimEnd()}\n\n${report}\n`;
    writeFileSync(doc, text);
  }, (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  });
}
