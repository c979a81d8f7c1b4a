// The code-server part of `npm run bench` (issues 17, 19, 16): seeds a catalog with 2,000 containers, 20,000
// image sources and a registry whose stored listing has 1,000 repositories, runs bench/host/ inside the real
// extension host through the test driver (`runHost.js --bench`), and renders its figures with the targets.
// Needs code-server (npm run setup); the event latency needs the Podman peer. Missing parts are named "not run".
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { addEngine } from '../src/containers/engineRegistry';
import { writeMirror } from '../src/containers/writeMirror';
import { refreshSimplestreams } from '../src/images/refreshSimplestreams';
import { addServer } from '../src/images/serverList';
import { RegistryService } from '../src/registries/registryService';
import { REPOSITORIES, storeListing } from '../src/registries/storedListings';
import { openCatalog } from '../src/store/openCatalog';
import { generateMirror } from './containerSyncBench';
import type { HostBenchFigures, PaintFigure } from './host/figures';
import { catalogJson, serve } from './imagesRefreshBench';

const ROOT = resolve(__dirname, '../..');
const CONTAINERS = 2000;
/** The memory pass (#16): the same catalog with ten times the containers, RSS and reopen only. */
const CONTAINERS_LARGE = 20000;
const IMAGE_SOURCES = 20000;
const REPOSITORY_COUNT = 1000;
const REGISTRY = 'bench-registry';

/** The catalog the host opens: every view has its benchmark size in it. */
async function seedCatalog(file: string, containers: number): Promise<void> {
  const catalog = await openCatalog({ file, watch: false });
  try {
    // An LXD engine at a socket that does not exist: its live state fails at once, as an unreachable engine's does.
    const engine = await addEngine(catalog, { kind: 'lxd', endpoint: '/nonexistent/bench-lxd.socket', name: 'bench-lxd' });
    await catalog.write((em) => writeMirror(em, engine.id, generateMirror(containers)));
    const body = catalogJson(0, IMAGE_SOURCES);
    const { server, url } = await serve(() => body);
    try {
      await addServer(catalog, url, []);
      await refreshSimplestreams(catalog, { force: true });
    } finally {
      server.close();
    }
    // A registry at a closed loopback port: the view shows the stored listing and marks it offline.
    const service = new RegistryService({ catalog: async () => catalog, secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined }, log: console });
    const registry = await service.add({ url: 'http://127.0.0.1:9', name: REGISTRY, insecure: true });
    service.dispose();
    await storeListing(catalog, registry.id, REPOSITORIES, { items: Array.from({ length: REPOSITORY_COUNT }, (_, i) => ({ name: `team-${i % 20}/service-${String(i).padStart(4, '0')}` })) });
  } finally {
    await catalog.close();
  }
}

function runDriver(env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [join(ROOT, 'out', 'test', 'integration', 'driver', 'runHost.js'), '--bench'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const echo = (c: Buffer): void => { for (const line of c.toString().split('\n')) if (/host bench|driver: extension host exit|error/i.test(line)) process.stderr.write(`bench:   ${line}\n`); };
    p.stdout.on('data', echo);
    p.stderr.on('data', echo);
    p.on('close', (code) => done(code ?? 1));
  });
}

const fmt = (x: number | undefined, digits = 0): string => (x === undefined ? '—' : x.toFixed(digits));
const verdict = (ok: boolean): string => (ok ? 'met' : '**missed**');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function formatHostBench(f: HostBenchFigures, seconds: number, large?: HostBenchFigures, firstWindow?: HostBenchFigures): string {
  const lines: string[] = [];
  lines.push(`Measured by \`npm run bench\` (its code-server part: \`node out/bench/hostBench.js\`) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ` +
    `${seconds.toFixed(0)} s, in code-server (VS Code ${f.vscode}) driven by headless chromium, development bundle (\`node esbuild.mjs\`). ` +
    `Catalog: ${CONTAINERS.toLocaleString('en-US')} containers on one (unreachable) LXD engine, ${IMAGE_SOURCES.toLocaleString('en-US')} image sources, ` +
    `a registry whose stored listing has ${REPOSITORY_COUNT.toLocaleString('en-US')} repositories (its address is a closed port: offline). ` +
    'Times are performance.now() in the extension host: first paint is from the view becoming visible (its TreeView visibility event, which the window sends once it has laid the view out) to the last getChildren answer of each view, with the time from the command that shows the view container beside it ' +
    '(the three views load at once, as a user opening the sidebar sees them); the registry\'s expand is from the in-host request to click its row (through the page driver, so that round trip is included) to the answer. The machine is shared (2 cores): compare across runs with care.', '');
  lines.push('| measure | measured | target | |', '|---|---:|---|---|');
  if (f.loadMs !== undefined) lines.push(`| loading dist/extension.js (require, before activate) (ms) | ${fmt(f.loadMs, 1)} | | |`);
  if (f.activateMs !== undefined) lines.push(`| \`ext.activate()\` call, wall (ms; VS Code's own activation work around our function included: the extension context, its storage) | ${fmt(f.activateMs, 1)} | | |`);
  if (f.coreLoadedByActivation !== undefined) lines.push(`| dist/core.js (TypeORM, sql.js's glue, the engine clients, YAML) loaded by activation | ${f.coreLoadedByActivation ? '**yes**' : 'no: at first use'} | no | ${verdict(!f.coreLoadedByActivation)} |`);
  if (f.activateCallMs !== undefined) lines.push(`| our \`activate()\` function's own wall time, measured inside it (ms; it is synchronous) | ${fmt(f.activateCallMs, 1)} | < 30 (#17), ≤ 50 (#19) | ${verdict(f.activateCallMs < 30)} / ${verdict(f.activateCallMs <= 50)} |`);
  if (f.activateOwnMs !== undefined) lines.push(`| samples inside our \`activate()\` function, from a CPU profile of the \`ext.activate()\` call (ms) | ${fmt(f.activateOwnMs, 1)} | | |`);
  if (f.loadMs !== undefined && f.activateMs !== undefined) {
    const both = f.loadMs + f.activateMs;
    lines.push(`| loading + \`ext.activate()\` (ms; what VS Code's "activation time" counts) | ${fmt(both, 1)} | | |`);
  }
  if (f.loadMs !== undefined && f.activateCallMs !== undefined) {
    const ours = f.loadMs + f.activateCallMs;
    lines.push(`| loading dist/extension.js + our \`activate()\` (ms; #19 counts the module loading) | ${fmt(ours, 1)} | ≤ 50 (#19) | ${verdict(ours <= 50)} |`);
  }
  const paints: [keyof NonNullable<HostBenchFigures['firstPaint']>, string][] = [
    ['containers', `Containers: ${CONTAINERS.toLocaleString('en-US')} containers`],
    ['imageSources', `Image Sources: ${IMAGE_SOURCES.toLocaleString('en-US')} sources`],
    ['registries', 'Registries'],
  ];
  // Judged from the view's visible event (the issue's "from the view becoming visible"); the time from the
  // command that shows the sidebar, which holds the window's own layout before the view exists, stands beside it.
  const paintRow = (what: string, x: PaintFigure, judged: boolean, extra = ''): string => {
    const ms = x.fromVisibleMs ?? x.ms;
    const since = x.fromVisibleMs !== undefined ? 'from the view\'s visible event' : 'from the command';
    const beside = x.fromVisibleMs !== undefined ? `; from the command: ${fmt(x.ms)}${x.firstAskMs !== undefined ? `, VS Code's first ask at ${fmt(x.firstAskMs)}` : ''}` : '';
    return `| ${what} (ms ${since}${beside}${extra}) | ${fmt(ms)} | ${judged ? '< 250' : ''} | ${judged ? verdict(ms < 250) : ''} |`;
  };
  for (const [view, label] of paints) {
    const first = firstWindow?.firstPaint?.[view];
    if (first) lines.push(paintRow(`first paint in the first window on the catalog (nothing kept yet), ${label}`, first, true, `; ${first.calls} answers, ${first.nodes} nodes`));
    const k = f.keptPaint?.[view];
    if (k) lines.push(paintRow(`first paint in the next window, ${label}, drawn from the kept copy while the catalog opens`, k, true, `; ${k.calls} answers`));
    const p = f.firstPaint?.[view];
    const what = k ? 'the same view redrawn from the catalog once open, last answer' : firstWindow ? 'first paint in the next window' : 'first paint';
    if (p) lines.push(paintRow(`${what}, ${label}`, p, !k, `; ${p.calls} answers, ${p.nodes} nodes`));
  }
  for (const [which, x] of [['the first window (nothing kept)', firstWindow], ['the next window', f]] as const) {
    if (x?.coreCodeCache) lines.push(`| dist/core.js's code cache in ${which}, by its first paint (kept by an earlier window of the same storage) | ${x.coreCodeCache} | | |`);
  }
  if (f.coreLoadedByKeptPaint !== undefined) lines.push(`| dist/core.js loaded by the time the views' kept answers were handed over | ${f.coreLoadedByKeptPaint ? '**yes**' : 'no'} | no | ${verdict(!f.coreLoadedByKeptPaint)} |`);
  if (f.registryExpandFirst) lines.push(`| expand of the registry: ${REPOSITORY_COUNT.toLocaleString('en-US')} stored repositories drawn (its first answer: the stored listing under a "reading it again…" note), from the click's request through the page driver (ms; ${f.registryExpandFirst.nodes} nodes) | ${fmt(f.registryExpandFirst.ms)} | < 250 | ${verdict(f.registryExpandFirst.ms < 250)} |`);
  if (f.registryExpand) lines.push(`| the same expand's last answer: redrawn once the registry was asked again (offline here) (ms; ${f.registryExpand.calls} answers, ${f.registryExpand.nodes} nodes) | ${fmt(f.registryExpand.ms)} | | |`);
  if (f.events) {
    const e = median(f.events.fromEventMs);
    lines.push(`| external \`podman start\`/\`stop\` → row redrawn, from the event's arrival, median of ${f.events.fromEventMs.length} (ms) | ${fmt(e)} (all: ${f.events.fromEventMs.map((x) => fmt(x)).join(', ')}) | ≤ 500 (#19) | ${verdict(e <= 500)} |`);
    lines.push(`| the same, from the podman CLI's return (ms) | ${fmt(median(f.events.fromCliReturnMs))} | | |`);
  }
  if (f.idle) lines.push(`| extension-host CPU over ${fmt(f.idle.seconds)} s, Containers view open, nothing changing (started after 10 s without a catalog write; ${f.idle.catalogWrites ?? '?'} writes inside), default polling and events, ${f.idle.engines} engine(s) (% of one core) | ${fmt(f.idle.cpuPercentOfCore, 2)} | < 1 (#17, #19) | ${verdict(f.idle.cpuPercentOfCore < 1)} |`);
  const threads = (t: Record<string, number> | undefined): string => Object.entries(t ?? {}).sort((a, b) => b[1] - a[1]).map(([n, ms]) => `${n} ${fmt(ms)}`).join(', ') || '—';
  if (f.idle?.threadsMs) lines.push(`| the same window by thread of the extension host (CPU ms: its main thread, and the others together: libuv's pool, V8's helpers), and as user / kernel time | ${threads(f.idle.threadsMs)}; user ${fmt(f.idle.userMs)}, kernel ${fmt(f.idle.systemMs)}; ${f.idle.wakeups ?? '?'} wakeups | | |`);
  if (f.idle?.viewsHiddenPercentOfCore !== undefined) lines.push(`| the same host over ${fmt(f.idle.seconds)} s with our views hidden (Explorer shown: no event following, no polling): VS Code's own idle cost, side by side (% of one core) | ${fmt(f.idle.viewsHiddenPercentOfCore, 2)} | | |`);
  if (f.idle?.viewsHiddenThreadsMs) lines.push(`| the views-hidden window by thread (CPU ms), and as user / kernel time | ${threads(f.idle.viewsHiddenThreadsMs)}; user ${fmt(f.idle.viewsHiddenUserMs)}, kernel ${fmt(f.idle.viewsHiddenSystemMs)}; ${f.idle.viewsHiddenWakeups ?? '?'} wakeups | | |`);
  if (f.idle?.noEventsPercentOfCore !== undefined) lines.push(`| views open again over ${fmt(f.idle.seconds)} s with engine event following off (polling every 10 s instead) (% of one core; wakeups) | ${fmt(f.idle.noEventsPercentOfCore, 2)}; ${f.idle.noEventsWakeups} wakeups | | |`);
  if (f.idle?.ownPercentOfCore !== undefined) lines.push(`| of which in our extension's code: samples holding dist/extension.js or dist/core.js in a CPU profile of the next ${fmt(f.idle.ownSeconds)} s (% of one core; the rest is VS Code's own) | ${fmt(f.idle.ownPercentOfCore, 3)} | < 1 | ${verdict(f.idle.ownPercentOfCore < 1)} |`);
  if (f.idle?.sampledWindowCpuPercent !== undefined) lines.push(`| that sampled window: the process's CPU (the profiler's own cost included) / the samples that were not idle (% of one core) | ${fmt(f.idle.sampledWindowCpuPercent, 2)} / ${fmt(f.idle.sampledBusyPercent, 3)} | | |`);
  if (f.rssOpenMb !== undefined) lines.push(`| extension-host RSS with the views open on this catalog, after a forced GC (MB) | ${fmt(f.rssOpenMb)} | (#16) | |`);
  if (f.rssIdleClosedMb !== undefined) lines.push(`| extension-host RSS after the catalog's idle close, after a forced GC (MB) | ${fmt(f.rssIdleClosedMb)} | (#16) | |`);
  if (f.reopenMs !== undefined) lines.push(`| reopen after the idle close: first API read (ms) | ${fmt(f.reopenMs)} | (#16) | |`);
  const n = CONTAINERS_LARGE.toLocaleString('en-US');
  if (large?.rssOpenMb !== undefined) lines.push(`| extension-host RSS with the views open, ${n} containers (second host, same catalog otherwise), after a forced GC (MB) | ${fmt(large.rssOpenMb)} | (#16) | |`);
  if (large?.rssIdleClosedMb !== undefined) lines.push(`| extension-host RSS after the idle close, ${n} containers, after a forced GC (MB) | ${fmt(large.rssIdleClosedMb)} | (#16) | |`);
  if (large?.reopenMs !== undefined) lines.push(`| reopen after the idle close, ${n} containers: first API read (ms) | ${fmt(large.reopenMs)} | (#16) | |`);
  lines.push('');
  for (const s of [...f.skipped, ...(large?.skipped ?? [])]) lines.push(`- Not run: ${s}`);
  if (!large) lines.push(`- Not run: RSS at ${n} containers (#16): its host did not report.`);
  else if (large.error) lines.push(`- The ${n}-container memory pass stopped early: ${large.error.split('\n')[0]}`);
  lines.push('', 'Where first paint goes (CPU profiles of the extension host: `CC_BENCH_PROFILE=/tmp/paint.cpuprofile node out/bench/hostBench.js`): ' +
    'in a window on a catalog file unchanged since a window kept its views, each view\'s first getChildren draws from its kept copy (a JSON file ' +
    'beside the catalog; about 390 KB for the Containers view\'s 2,000 rows) without loading dist/core.js, and the catalog\'s open (reading the 23 MB file, ' +
    'loading dist/core.js and sql.js, the file\'s SHA-256 against the checked mark, TypeORM\'s metadata, the first queries: 600 ms or more of the host\'s ' +
    'one thread) starts only once every visible view has painted (FirstPaintGate); the views are then redrawn from the catalog with the same ids. ' +
    'In the first window on a catalog (nothing kept yet, or the file changed since by another program), each view waits for that open. ' +
    'Before the gate, the Containers view\'s visibility opened the catalog at once and the other views\' kept answers waited behind it; ' +
    'drawing a registry row loaded dist/core.js (its tooltip\'s API address), and so did the Containers view\'s change keys.');
  if (f.error) lines.push('', `The run stopped early: ${f.error.split('\n')[0]}`);
  return lines.join('\n');
}

export async function runHostBench(): Promise<string> {
  const tools = process.env.CC_TOOLS_DIR ?? join(ROOT, '.tools');
  if (!existsSync(join(tools, 'code-server-4.100.3', '.installed'))) return `Not run: code-server is not installed in ${tools} (npm run setup).`;
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'cc-host-bench-'));
  try {
    // The development bundle, with the test probes the host bench reads (another part of the bench may have
    // left the release bundle in dist/, which registers none).
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`node esbuild.mjs failed: ${build.stderr || build.stdout}`);
    const pass = async (containers: number, parts?: string): Promise<HostBenchFigures | undefined> => {
      const seed = join(dir, `catalog-${containers}.db`);
      process.stderr.write(`bench:   seeding the host catalog (${containers} containers)…\n`);
      await seedCatalog(seed, containers);
      // Two windows on one user data folder: the first (parts 'warm') opens the views on the seeded catalog
      // until the Containers view was kept; the second is the one measured, as a user's next window.
      const runDir = join(dir, `host-${containers}`);
      const windows = parts === 'rss' ? [parts] : ['warm', parts];
      let figures: HostBenchFigures | undefined;
      for (const [i, part] of windows.entries()) {
        const out = join(dir, `figures-${containers}-${i}.json`);
        const code = await runDriver({ ...process.env, CC_HOST_RUN_DIR: runDir, CC_BENCH_SEED_CATALOG: seed, CC_BENCH_OUT: out, CC_BENCH_REGISTRY: REGISTRY, ...(part ? { CC_BENCH_PARTS: part } : {}) });
        if (!existsSync(out)) {
          process.stderr.write(`bench:   the host bench wrote no figures (driver exit ${code})\n`);
          return undefined;
        }
        const got = JSON.parse(readFileSync(out, 'utf8')) as HostBenchFigures;
        if (part === 'warm') {
          firstWindow = got;
          if (got.error) return got;
        } else figures = got;
      }
      return figures;
    };
    let firstWindow: HostBenchFigures | undefined;
    const f = await pass(CONTAINERS);
    if (!f) throw new Error('the host bench wrote no figures');
    // Each size in its own host, so one's memory is not the other's.
    const large = f.error ? undefined : await pass(CONTAINERS_LARGE, 'rss');
    const md = formatHostBench(f, (Date.now() - started) / 1000, large, firstWindow);
    if (f.error) throw new Error(`${md}\n`);
    return md;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runHostBench().then((md) => process.stdout.write(`${md}\n`), (e: unknown) => { process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`); process.exitCode = 1; });
}
