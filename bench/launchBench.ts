// Launch → row in the catalog (issue 14): on the real LXD peer (a container from the simplestreams peer's
// image server, LXD pulling over HTTPS) and the real Podman peer (a tag of the registry peer pulled, created,
// started), the time from the call to the new container's row in the catalog, split into the engine's time
// (while a request of ours was at the engine: EngineTransport.request is timed for the run, the union of
// the intervals when requests overlap) and ours (the rest: catalog reads, building the request, mapping
// the sync, the catalog write and its durable save).
// Run alone: `node esbuild.mjs --tests && node out/bench/launchBench.js`, or `npm run bench -- --only launch-bench`
// (which writes the section of docs/benchmarks.md), with the lxd, simplestreams, podman and registry peers
// started and their .build/peers/*.env sourced.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntityManager } from 'typeorm';
import { listContainers } from '../src/containers/catalogReads';
import type { EngineContext } from '../src/containers/engineConnection';
import type { EngineRecord } from '../src/containers/engineRecord';
import { addEngine } from '../src/containers/engineRegistry';
import { EngineTransport } from '../src/containers/engineTransport';
import { launchFromImageSource } from '../src/containers/launchFromImageSource';
import { pullSourceFor } from '../src/containers/registryPull';
import { runRegistryImage } from '../src/containers/runRegistryImage';
import { syncEngine } from '../src/containers/syncEngine';
import { ImageType } from '../src/images/imageKinds';
import { listImageSources } from '../src/images/listImageSources';
import type { Catalog, WriteHint } from '../src/store/catalog';
import { openCatalog } from '../src/store/openCatalog';

export const TITLE = 'Launch to the row in the catalog (issue 14)';
const CLI = join(__dirname, '..', 'src', 'cli', 'main.js');
const RUNS = 5;

/** Adds up the time during which at least one engine request is in flight. */
class EngineClock {
  private inFlight = 0;
  private since = 0n;
  private total = 0n;

  enter(): void {
    if (this.inFlight++ === 0) this.since = process.hrtime.bigint();
  }

  leave(): void {
    if (--this.inFlight === 0) this.total += process.hrtime.bigint() - this.since;
  }

  /** Milliseconds so far (a request still in flight counts up to now). */
  ms(): number {
    const open = this.inFlight > 0 ? process.hrtime.bigint() - this.since : 0n;
    return Number(this.total + open) / 1e6;
  }
}

interface Split {
  readonly totalMs: number;
  readonly engineMs: number;
  /** Of ours: inside the catalog's read and write calls (queue, SQL, the durable save). */
  readonly catalogMs: number;
}

/**
 * Times every EngineTransport request, and every read and write of `catalog`, while `fn` runs (the real
 * requests and catalog calls, only observed).
 */
async function timed(catalog: Catalog, fn: () => Promise<void>): Promise<Split> {
  const engine = new EngineClock();
  const store = new EngineClock();
  const original = EngineTransport.prototype.request;
  EngineTransport.prototype.request = function (this: EngineTransport, ...args: Parameters<EngineTransport['request']>) {
    engine.enter();
    return original.apply(this, args).finally(() => engine.leave());
  };
  const { read, write } = catalog;
  const observed = catalog as { read: Catalog['read']; write: Catalog['write'] };
  observed.read = <T>(f: (em: EntityManager) => Promise<T>): Promise<T> => (store.enter(), read.call(catalog, f).finally(() => store.leave()) as Promise<T>);
  observed.write = <T>(f: (em: EntityManager) => Promise<T>, hint?: WriteHint): Promise<T> => (store.enter(), write.call(catalog, f, hint).finally(() => store.leave()) as Promise<T>);
  try {
    const t = process.hrtime.bigint();
    await fn();
    return { totalMs: Number(process.hrtime.bigint() - t) / 1e6, engineMs: engine.ms(), catalogMs: store.ms() };
  } finally {
    EngineTransport.prototype.request = original;
    observed.read = read;
    observed.write = write;
  }
}

interface Measure extends Split {
  readonly label: string;
  readonly runs: number;
}

/** Runs `launch` (which makes the container `name`) and waits for its row in the catalog: both inside the timing. */
async function measureLaunch(catalog: Catalog, engine: EngineRecord, name: string, launch: () => Promise<unknown>): Promise<Split> {
  return timed(catalog, async () => {
    await launch();
    const rows = await catalog.read((em) => listContainers(em, engine.id, name));
    if (rows.length !== 1) throw new Error(`${name} is not in the catalog after the launch returned`);
  });
}

/** The median run of several (by total), so its engine and our parts belong to one launch. */
function median(label: string, runs: Split[]): Measure {
  const sorted = [...runs].sort((a, b) => a.totalMs - b.totalMs);
  return { label, runs: runs.length, ...sorted[Math.floor(sorted.length / 2)] };
}

/**
 * RUNS launches with the image dropped from the engine before each (cold), then RUNS with it held (warm),
 * alternating so that load from other processes hits both alike. `made` collects the names for the cleanup.
 */
async function rounds(
  catalog: Catalog,
  engine: EngineRecord,
  prefix: string,
  made: string[],
  dropImage: () => void,
  launch: (name: string) => Promise<unknown>,
): Promise<{ cold: Split[]; warm: Split[] }> {
  const cold: Split[] = [];
  const warm: Split[] = [];
  for (let i = 0; i < RUNS; i++) {
    for (const kind of ['cold', 'warm'] as const) {
      const name = `${prefix}-${kind}-${i}`;
      if (kind === 'cold') dropImage();
      made.push(name);
      (kind === 'cold' ? cold : warm).push(await measureLaunch(catalog, engine, name, () => launch(name)));
    }
  }
  return { cold, warm };
}

async function benchLxd(dir: string): Promise<Measure[] | string> {
  const env = process.env;
  const missing = ['CC_LXD_SOCKET', 'CC_LXD_DIR', 'CC_LXD_CONF', 'CC_SIMPLESTREAMS_HTTPS_URL', 'CC_SIMPLESTREAMS_CERT'].filter((k) => !env[k]);
  if (missing.length) return `LXD: not run (${missing.join(', ')} not set: start the lxd and simplestreams peers)`;
  const lxcEnv = { ...env, LXD_DIR: env.CC_LXD_DIR, LXD_CONF: env.CC_LXD_CONF, HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.1,localhost,::1' };
  const lxc = (args: string[]): string => execFileSync('lxc', args, { env: lxcEnv, encoding: 'utf8' });
  const file = join(dir, 'lxd.db');
  const server = `${env.CC_SIMPLESTREAMS_HTTPS_URL}/ss`;
  // The image source rows, as a user gets them (the CLI trusts the peer's certificate through NODE_EXTRA_CA_CERTS).
  for (const args of [['images', 'add-simplestreams', server], ['images', 'refresh', '--force']]) {
    const r = spawnSync(process.execPath, [CLI, '--catalog', file, ...args], { encoding: 'utf8', env: { ...env, CONTAINER_CATALOG_FILE: '', NODE_EXTRA_CA_CERTS: env.CC_SIMPLESTREAMS_CERT } });
    if (r.status !== 0) throw new Error(`cli ${args.join(' ')}: ${r.stderr}`);
  }
  const certificate = readFileSync(env.CC_SIMPLESTREAMS_CERT!, 'utf8');
  const catalog = await openCatalog({ file, watch: false });
  const names: string[] = [];
  const dropCachedImages = (): void => {
    // Images LXD cached from the peer's server have no alias (the peer's own image has one).
    for (const img of JSON.parse(lxc(['query', '/1.0/images?recursion=1'])) as { fingerprint: string; aliases: unknown[] }[]) {
      if (!img.aliases.length) lxc(['image', 'delete', img.fingerprint]);
    }
  };
  try {
    const engine = await addEngine(catalog, { kind: 'lxd', endpoint: env.CC_LXD_SOCKET!, name: 'bench-lxd' });
    const ctx: EngineContext = { certDir: join(dir, 'certs') };
    await syncEngine(catalog, engine, ctx);
    const host = new URL(server).host;
    const row = (await listImageSources(catalog, { type: ImageType.Incus })).find((s) => /alpine .*3\.20.* default \(amd64\)/i.test(s.name ?? '') && s.tags.endsWith(`@${host}/ss`));
    if (!row) throw new Error(`no alpine 3.20 row of ${server} after the refresh`);
    // The peer's images have no /sbin/init, so LXD could not start them: create only ("start after create" off).
    const { cold, warm } = await rounds(catalog, engine, 'bench-launch', names, dropCachedImages, (name) =>
      launchFromImageSource(catalog, engine, ctx, row.id, { name, start: false, certificate }));
    return [
      median('LXD: launch from a simplestreams row, image not cached (LXD pulls it from the peer over HTTPS), create', cold),
      median('LXD: the same, image cached by LXD', warm),
    ];
  } finally {
    await catalog.close();
    for (const n of names) lxc(['delete', '-f', n]);
    dropCachedImages();
  }
}

async function benchPodman(dir: string): Promise<Measure[] | string> {
  const env = process.env;
  const missing = ['CC_PODMAN_SOCKET', 'CC_PODMAN_NETWORK', 'CC_REGISTRY_ANON'].filter((k) => !env[k]);
  if (missing.length) return `Podman: not run (${missing.join(', ')} not set: start the podman and registry peers)`;
  const penv = { ...env, CONTAINERS_CONF: env.CC_PODMAN_CONTAINERS_CONF, CONTAINERS_STORAGE_CONF: env.CC_PODMAN_STORAGE_CONF, CONTAINERS_REGISTRIES_CONF: env.CC_PODMAN_REGISTRIES_CONF };
  const podman = (args: string[]): string => execFileSync('podman', args, { env: penv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const registry = { name: 'bench registry', url: `http://${env.CC_REGISTRY_ANON}`, insecure: true };
  // A tag of the anonymous registry that no test pulls into the engine.
  const source = pullSourceFor(registry, 'team/beta', '1.0');
  const dropImage = (): void => {
    try {
      podman(['rmi', '-f', source.reference]);
    } catch {
      // not held
    }
  };
  const catalog = await openCatalog({ file: join(dir, 'podman.db'), watch: false });
  const names: string[] = [];
  try {
    const engine = await addEngine(catalog, { kind: 'podman', endpoint: env.CC_PODMAN_SOCKET!, name: 'bench-podman' });
    const ctx: EngineContext = { certDir: join(dir, 'certs') };
    await syncEngine(catalog, engine, ctx);
    const { cold, warm } = await rounds(catalog, engine, 'bench-run', names, dropImage, (name) =>
      runRegistryImage(catalog, engine, ctx, source, { name, network: env.CC_PODMAN_NETWORK, command: ['/bin/sh', '-c', 'trap "exit 0" TERM; while sleep 1; do :; done'] }));
    return [
      median('Podman: run a registry tag not held (pull from the registry peer, create, start)', cold),
      median('Podman: the same, tag held (the pull finds it current)', warm),
    ];
  } finally {
    await catalog.close();
    for (const n of names) podman(['rm', '-f', '-t', '0', n]);
    dropImage();
  }
}

const f = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

export async function runLaunchBench(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-launch-bench-'));
  const rows: Measure[] = [];
  const notRun: string[] = [];
  try {
    for (const part of [benchLxd, benchPodman]) {
      const r = await part(dir);
      if (typeof r === 'string') notRun.push(r);
      else rows.push(...r);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    `Command: \`npm run bench -- --only launch-bench\` (the whole \`npm run bench\` runs it too) with the lxd, simplestreams, podman and registry peers started and their \`.build/peers/*.env\` sourced. Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    '',
    'From the call of the core function the Launch panel, the tree and the CLI use (`launchFromImageSource`, `runRegistryImage`) until the new',
    'container\'s row is read from the catalog. **Engine** = time during which a request of ours was at the engine (every `EngineTransport`',
    'request timed, overlapping ones counted once): the engine pulling, unpacking, creating, starting, and answering the sync\'s reads.',
    '**Ours** = the rest: reading the catalog, building the request, mapping the sync and writing it; **of which catalog** = inside the',
    'catalog\'s read and write calls (SQL, and the one write\'s durable save: temp file, fsync, rename).',
    '',
    `Median of ${RUNS} runs each (by total; engine and ours from that same run), cold and warm runs alternating. The machine is shared (load average ${loadavg()[0].toFixed(1)} at the end): compare the shares, not the absolute times; the catalog part includes the save's fsync, which other processes' disk writes slow down.`,
    '',
    '| launch | runs | total (ms) | engine (ms) | ours (ms) | of which catalog (ms) | ours ÷ total |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.label} | ${r.runs} | ${f(r.totalMs)} | ${f(r.engineMs)} | ${f(r.totalMs - r.engineMs)} | ${f(r.catalogMs)} | ${(((r.totalMs - r.engineMs) / r.totalMs) * 100).toFixed(1)} % |`),
    ...notRun.map((n) => `\n_${n}._`),
  ].join('\n');
}

if (require.main === module) {
  void runLaunchBench().then((body) => process.stdout.write(`${body}\n`), (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  });
}
