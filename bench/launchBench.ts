// Launch to the row in the catalog (issue 14): on the real peers, how long our launch and run paths take from
// the call to the new container's row in the catalog (launchFromImageSource: LXD pulls an image of the
// simplestreams peer; runRegistryImage: Podman/Docker pull a tag of the registry peer, create, start), beside
// the same engine requests sent alone through our clients, measured in the same run, alternating. Engine time =
// the requests alone; our time = the rest (opening the engine, checks, the sync that writes the row).
// Run alone: `node esbuild.mjs --tests && node out/bench/launchBench.js` (peers started and their
// .build/peers/*.env sourced); `npm run bench` calls runLaunchBench(). Ratios matter, not absolute times.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { listContainers } from '../src/containers/catalogReads';
import { DockerClient } from '../src/containers/dockerClient';
import type { EngineKind, EngineRecord } from '../src/containers/engineRecord';
import { addEngine } from '../src/containers/engineRegistry';
import { EngineTransport } from '../src/containers/engineTransport';
import { launchFromImageSource, simplestreamsSource } from '../src/containers/launchFromImageSource';
import { LxdClient } from '../src/containers/lxdClient';
import { pullFromRegistry, pullSourceFor } from '../src/containers/registryPull';
import { runRegistryImage } from '../src/containers/runRegistryImage';
import { toDockerCreate, type RunSpec } from '../src/containers/runSpec';
import { syncEngine } from '../src/containers/syncEngine';
import { ImageSource } from '../src/entities/ImageSource';
import { refreshSimplestreams } from '../src/images/refreshSimplestreams';
import { addServer } from '../src/images/serverList';
import { incusFacets } from '../src/images/simplestreamsParser';
import type { Catalog } from '../src/store/catalog';
import { openCatalog } from '../src/store/openCatalog';

export const TITLE = 'Launch to the row in the catalog (issue 14)';
const RUNS = 3;
const ms = (t: bigint): number => Number(process.hrtime.bigint() - t) / 1e6;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

interface Row {
  readonly path: string;
  readonly total: number;
  readonly engine: number;
  /** A sync of the same engine with nothing new, measured in the same run: most of "ours" is the sync that writes the row. */
  readonly resync: number;
}

async function resyncTime(catalog: Catalog, e: EngineRecord, ctx: { certDir: string }): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    await syncEngine(catalog, e, ctx);
    times.push(ms(t));
  }
  return median(times);
}

async function rowExists(catalog: Catalog, e: EngineRecord, name: string): Promise<void> {
  const rows = await catalog.read((em) => listContainers(em, e.id, name));
  if (rows.length !== 1) throw new Error(`${name} is not in the catalog after the launch`);
}

async function benchRun(kind: 'podman' | 'docker', socket: string, cli: (a: string[]) => string, registry: string, dir: string): Promise<Row> {
  const catalog = await openCatalog({ file: join(dir, `${kind}.db`), watch: false });
  const transport = new EngineTransport({ endpoint: socket });
  const docker = new DockerClient(transport);
  const source = pullSourceFor({ name: 'bench', url: registry, insecure: true }, 'team/alpha', '1.0');
  const spec: RunSpec = { name: 'bench-launch', command: ['sh', '-c', 'sleep 60'], start: true };
  const clean = (): void => {
    for (const args of [['rm', '-f', spec.name], ['rmi', source.reference]]) {
      try {
        cli(args);
      } catch {
        // absent
      }
    }
  };
  try {
    const engine = await addEngine(catalog, { kind: kind as EngineKind, endpoint: socket, name: `bench-${kind}` });
    const ctx = { certDir: dir };
    await syncEngine(catalog, engine, ctx);
    const totals: number[] = [];
    const alone: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      clean();
      let t = process.hrtime.bigint();
      await pullFromRegistry(docker, kind, source);
      const id = await docker.create(spec.name, toDockerCreate(source.reference, spec));
      await docker.start(id);
      alone.push(ms(t));
      clean();
      t = process.hrtime.bigint();
      await runRegistryImage(catalog, engine, ctx, source, spec);
      await rowExists(catalog, engine, spec.name);
      totals.push(ms(t));
    }
    return { path: `${kind}: run a registry tag (pull, create, start)`, total: median(totals), engine: median(alone), resync: await resyncTime(catalog, engine, ctx) };
  } finally {
    clean();
    transport.close();
    await catalog.close();
  }
}

async function benchLaunch(dir: string): Promise<Row | undefined> {
  const env = process.env;
  if (!env.CC_LXD_SOCKET || !env.CC_LXD_DIR || !env.CC_SIMPLESTREAMS_URL) return undefined;
  const lxcEnv = { ...env, LXD_DIR: env.CC_LXD_DIR, LXD_CONF: env.CC_LXD_CONF, HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.1,localhost,::1' };
  const lxc = (...a: string[]): string => execFileSync('lxc', a, { env: lxcEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const catalog = await openCatalog({ file: join(dir, 'lxd.db'), watch: false });
  const transport = new EngineTransport({ endpoint: env.CC_LXD_SOCKET });
  const lxd = new LxdClient(transport);
  const name = 'bench-launch';
  let fingerprint: string | undefined;
  let cachedBefore = true;
  try {
    await addServer(catalog, `${env.CC_SIMPLESTREAMS_URL}/ss`, []);
    await refreshSimplestreams(catalog, { force: true });
    const rows = await catalog.read((em) => em.find(ImageSource, { where: { distribution: 'alpine' } }));
    const row = rows.find((s) => incusFacets(s.tags).release === '3.20' && incusFacets(s.tags).arch === 'amd64');
    if (!row) throw new Error('no alpine 3.20 amd64 on the simplestreams peer');
    const where = simplestreamsSource(row);
    fingerprint = where.fingerprint;
    try {
      lxc('query', `/1.0/images/${fingerprint}`);
    } catch {
      cachedBefore = false;
    }
    const engine = await addEngine(catalog, { kind: 'lxd', endpoint: env.CC_LXD_SOCKET, name: 'bench-lxd' });
    const ctx = { certDir: dir };
    await syncEngine(catalog, engine, ctx);
    const body = { name, type: 'container' as const, source: { type: 'image' as const, mode: 'pull' as const, protocol: 'simplestreams' as const, server: where.server, fingerprint: where.fingerprint }, profiles: ['default'], config: {} };
    // Once first: LXD keeps the pulled image in its cache, so every measured create starts from the same cache.
    await lxd.createInstanceFollowed(body);
    await lxd.deleteInstance(name);
    const totals: number[] = [];
    const alone: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let t = process.hrtime.bigint();
      await lxd.createInstanceFollowed(body);
      alone.push(ms(t));
      await lxd.deleteInstance(name);
      t = process.hrtime.bigint();
      await launchFromImageSource(catalog, engine, ctx, row.id, { name, profiles: ['default'], start: false });
      await rowExists(catalog, engine, name);
      totals.push(ms(t));
      await lxd.deleteInstance(name);
    }
    return { path: 'lxd: launch an image of a simplestreams server (cached by LXD; created, not started)', total: median(totals), engine: median(alone), resync: await resyncTime(catalog, engine, ctx) };
  } finally {
    await lxd.deleteInstance(name).catch(() => undefined);
    if (fingerprint && !cachedBefore) {
      try {
        lxc('image', 'delete', fingerprint);
      } catch {
        // absent
      }
    }
    transport.close();
    await catalog.close();
  }
}

export async function runLaunchBench(): Promise<string> {
  const env = process.env;
  const dir = mkdtempSync(join(tmpdir(), 'cc-launch-'));
  const rows: Row[] = [];
  try {
    if (env.CC_REGISTRY_ANON) {
      if (env.CC_PODMAN_SOCKET) {
        const penv = { ...env, CONTAINERS_CONF: env.CC_PODMAN_CONTAINERS_CONF, CONTAINERS_STORAGE_CONF: env.CC_PODMAN_STORAGE_CONF, CONTAINERS_REGISTRIES_CONF: env.CC_PODMAN_REGISTRIES_CONF };
        rows.push(await benchRun('podman', env.CC_PODMAN_SOCKET, (a) => execFileSync('podman', a, { env: penv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }), env.CC_REGISTRY_ANON, dir));
      }
      if (env.CC_DOCKER_SOCKET) {
        const sock = env.CC_DOCKER_SOCKET;
        rows.push(await benchRun('docker', sock, (a) => execFileSync('/usr/bin/docker', ['-H', `unix://${sock}`, ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }), env.CC_REGISTRY_ANON, dir));
      }
    }
    const l = await benchLaunch(dir);
    if (l) rows.push(l);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    'Command: `node esbuild.mjs --tests && node out/bench/launchBench.js` with the registry, simplestreams, podman (docker) and lxd peers running (also part of `npm run bench`).',
    `Median of ${RUNS}, in ms, one process, same run, alternating. "Launch → row" is our core call (what the Launch panel, the palette and the`,
    'CLI run) until the new container\'s row is in the catalog; "engine alone" is the same engine requests sent through our clients with nothing',
    'around them; "ours" is the difference: opening the engine, the checks, and the sync that writes the row.',
    '',
    '| path | launch → row | engine alone | ours | our share | a sync with nothing new |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.path} | ${f(r.total)} | ${f(r.engine)} | ${f(Math.max(0, r.total - r.engine))} | ${Math.round((100 * Math.max(0, r.total - r.engine)) / r.total)} % | ${f(r.resync)} |`),
    '',
    rows.length ? '' : '_No peer was running: nothing measured._',
    'Most of "ours" is the one sync at the end that puts the new row (and, the first time, the pulled image) into the catalog, as the',
    'last column shows: on LXD, whose create from a cached image is fast, that sync is a large share; on Podman/Docker the pull dominates.',
  ].join('\n');
}

if (require.main === module) {
  void runLaunchBench().then((body) => {
    const start = '<!-- launch-bench:start -->';
    const end = '<!-- launch-bench:end -->';
    const report = `${start}\n## ${TITLE}\n\n${body.trim()}\n${end}`;
    process.stdout.write(`${report}\n`);
    const doc = resolve(__dirname, '../../docs/benchmarks.md');
    let text = existsSync(doc) ? readFileSync(doc, 'utf8') : '# Benchmarks\n';
    const a = text.indexOf(start);
    const b = text.indexOf(end);
    text = a >= 0 && b > a ? text.slice(0, a) + report + text.slice(b + end.length) : `${text.trimEnd()}\n\n${report}\n`;
    writeFileSync(doc, text);
  }, (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
