import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from 'node:inspector';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, VIEW_CONTAINER_ID, ViewIds } from '../../src/providers/platform/ids';
import type { EventSyncStats } from '../../src/containers/engineEventSync';
import type { EventInfo } from '../../src/providers/containers/containerTreeProvider';
import { ENV_RESULTS_FILE } from '../../test/integration/support/protocol';
import { clickIn } from '../../test/integration/support/page';
import { paneOf } from '../../test/integration/support/views';
import type { HostBenchFigures, PaintFigure } from './figures';

// The code-server part of `npm run bench` (bench/hostBench.ts starts it through the test driver with
// `--bench`): runs inside the real extension host, against the catalog the driver seeded (2,000 containers,
// 20,000 image sources, a registry whose stored listing has 1,000 repositories), and writes its figures as
// JSON to CC_BENCH_OUT. Times come from the extension's own paint record (ShownNodes.paint, read through the
// test probes) and performance.now() of this same process, so no page round trip is counted.

const exec = promisify(execFile);
type Kept = { answers: number; catalogAnswers: number; written: number; answeredAt: number; coreLoadedAtAnswer: boolean };
type Paint = { asks: number; answers: number; nodes: number; visibleAt: number; firstAskedAt: number; askedAt: number; answeredAt: number; nodeRedrawnAt: number; recent: { at: number; nodes: number }[] };
const PROBES = { registries: CommandIds.registriesRedraws, imageSources: CommandIds.imageSourcesRedraws, containers: CommandIds.containersRedraws } as const;
type ViewKey = keyof typeof PROBES;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/**
 * RSS after a full garbage collection: what the idle close frees (the database's bytes, sql.js's statements)
 * is given back only when V8 collects, which it may put off for minutes; both readings force one, so they compare.
 */
function rssAfterGcMb(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().rss / 2 ** 20;
}
const paintOf = async (view: ViewKey): Promise<Paint> => (await vscode.commands.executeCommand<{ paint: Paint }>(PROBES[view]))!.paint;

/** Waits until the view has answered at least once after `since` and then nothing new for `quietMs`. */
async function settled(view: ViewKey, since: number, quietMs = 2000, limitMs = 180_000): Promise<Paint> {
  const until = performance.now() + limitMs;
  let last = await paintOf(view);
  let stableFrom = performance.now();
  while (performance.now() < until) {
    await sleep(20);
    const p = await paintOf(view);
    if (p.answers !== last.answers || p.asks !== last.asks) { last = p; stableFrom = performance.now(); continue; }
    if (p.answeredAt > since && p.asks === p.answers && performance.now() - stableFrom >= quietMs) return p;
  }
  throw new Error(`the ${view} view did not settle within ${limitMs} ms (${JSON.stringify(last)})`);
}

function podmanEnv(): NodeJS.ProcessEnv | undefined {
  const e = process.env;
  if (!e.CC_PODMAN_SOCKET || !e.CC_PODMAN_IMAGE || !e.CC_PODMAN_CONTAINERS_CONF) return undefined;
  return { ...e, CONTAINERS_CONF: e.CC_PODMAN_CONTAINERS_CONF, CONTAINERS_STORAGE_CONF: e.CC_PODMAN_STORAGE_CONF, CONTAINERS_REGISTRIES_CONF: e.CC_PODMAN_REGISTRIES_CONF };
}

const PODMAN_ENGINE = 'bench-podman';
const BENCH_CONTAINER = 'bench-evt';

/**
 * External `podman start`/`stop` → the row redrawn showing the new state (Running; Exited or Stopped): from
 * the arrival of the last event before that redraw, and from the CLI's return. Podman sends `init` and
 * `start` apart, so a row may be redrawn in between; only the redraw that shows the new state counts.
 */
async function eventLatency(env: NodeJS.ProcessEnv, rounds: number): Promise<HostBenchFigures['events']> {
  const podman = async (...args: string[]): Promise<void> => { await exec('podman', args, { env, timeout: 60_000 }); };
  const info = async (): Promise<EventInfo> => (await vscode.commands.executeCommand<EventInfo>(CommandIds.containersEventInfo))!;
  const stats = async (): Promise<EventSyncStats | undefined> => (await info()).followers.find((f) => f.engine === PODMAN_ENGINE)?.stats;
  await podman('rm', '-f', BENCH_CONTAINER).catch(() => undefined);
  await podman('create', '--name', BENCH_CONTAINER, env.CC_PODMAN_IMAGE!, 'sleep', '3600');
  // The follower's first (gap) sync brings the new container in; wait until the stream is open and quiet.
  const until = Date.now() + 60_000;
  while (Date.now() < until && !((await stats())?.gapSyncs)) await sleep(100);
  await sleep(3000);
  const fromEvent: number[] = [];
  const fromCli: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      for (const verb of ['start', 'stop'] as const) {
        const before = (await info()).lastRow?.at ?? 0;
        const eventsBefore = (await stats())?.events ?? 0;
        await podman(verb, ...(verb === 'stop' ? ['-t', '0'] : []), BENCH_CONTAINER);
        const cliDone = performance.timeOrigin + performance.now();
        const limit = Date.now() + 20_000;
        const shows = verb === 'start' ? /^Running$/ : /^(Exited|Stopped)$/;
        let row = (await info()).lastRow;
        const done = (): boolean => !!row && row.at !== before && row.id.endsWith(`/c/${BENCH_CONTAINER}`) && shows.test(row.status ?? '');
        while (Date.now() < limit && !done()) { await sleep(5); row = (await info()).lastRow; }
        const s = await stats();
        if (!done() || !s || s.events === eventsBefore) throw new Error(`podman ${verb}: the row was not redrawn from an event within 20 s (${JSON.stringify(row)})`);
        const redrawn = performance.timeOrigin + row!.at;
        fromEvent.push(redrawn - s.lastEventAt);
        fromCli.push(redrawn - cliDone);
        await sleep(1500);
      }
    }
  } finally {
    await podman('rm', '-f', BENCH_CONTAINER).catch(() => undefined);
  }
  return { fromEventMs: fromEvent, fromCliReturnMs: fromCli };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Time (ms) of the samples whose stack holds function `name` of a script ending in `urlEnd`. */
function ownTime(p: CpuProfile, name: string, urlEnd: string): number {
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const inside = (id: number | undefined): boolean => {
    for (let x = id; x !== undefined; x = parent.get(x)) {
      const f = byId.get(x)?.callFrame;
      if (f && f.functionName === name && f.url.endsWith(urlEnd)) return true;
    }
    return false;
  };
  let us = 0;
  // timeDeltas[i] is the time before sample i: the time of sample i is the next delta.
  for (let i = 0; i < p.samples.length; i++) if (inside(p.samples[i])) us += p.timeDeltas[i + 1] ?? 0;
  return us / 1000;
}

/** A CPU profile of this extension host (written when CC_BENCH_PROFILE=<file.cpuprofile>): where the time goes. */
async function startProfile(intervalUs = 500): Promise<(file?: string) => Promise<CpuProfile>> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object): Promise<unknown> => new Promise((ok, fail) => session.post(method, params ?? {}, (e, r) => (e ? fail(e) : ok(r))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: intervalUs });
  await post('Profiler.start');
  return async (file) => {
    const { profile } = (await post('Profiler.stop')) as { profile: CpuProfile };
    if (file) writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    return profile;
  };
}

const setting = (section: string) => vscode.workspace.getConfiguration(section);

export async function run(): Promise<void> {
  const out = process.env.CC_BENCH_OUT;
  if (!out) throw new Error('CC_BENCH_OUT is not set: run through bench/hostBench.ts');
  const f: HostBenchFigures = { vscode: vscode.version, skipped: [] };
  let failed = 0;
  try {
    // 1. activate(): nothing of ours is visible yet, so this is the first activation of this host.
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
    if (ext.isActive) f.skipped.push('activate(): the extension was already active when the bench started');
    else {
      // VS Code loads the bundle with Node's require and then calls activate(): the two apart, as its own
      // activation times report them (code loading, activate call).
      // With CC_BENCH_PROFILE, where loading goes (reading, compiling, the modules evaluated at load).
      const profileLoad = process.env.CC_BENCH_PROFILE ? await startProfile() : undefined;
      const t = performance.now();
      // The same require VS Code's host makes, so activate() then finds the module loaded.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(join(ext.extensionPath, 'dist', 'extension.js'));
      f.loadMs = performance.now() - t;
      if (profileLoad) await profileLoad(`${process.env.CC_BENCH_PROFILE}.load.cpuprofile`);
      // Sampled only with CC_BENCH_PROFILE (the profiler slows what it samples): the wall time of ext.activate()
      // also holds VS Code's own work (the context, other extensions); our function's own time is measured inside it.
      const profileActivation = process.env.CC_BENCH_PROFILE ? await startProfile() : undefined;
      const a = performance.now();
      await ext.activate();
      f.activateMs = performance.now() - a;
      f.activateCallMs = (await vscode.commands.executeCommand<{ ms: number }>(CommandIds.activationInfo))!.ms;
      // The cores load on first use (src/providers/platform/loadCore.ts): nothing is shown yet, so none happened.
      f.coreLoadedByActivation = require.cache[join(ext.extensionPath, 'dist', 'core.js')] !== undefined;
      if (profileActivation) f.activateOwnMs = ownTime(await profileActivation(`${process.env.CC_BENCH_PROFILE}.activate.cpuprofile`), 'activate', '/dist/extension.js');
    }

    // 2. First paint: the sidebar container shows the three views at once, as a user opening it sees them.
    const profile = process.env.CC_BENCH_PROFILE ? await startProfile() : undefined;
    const shown = performance.now();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    f.firstPaint = {} as Record<ViewKey, PaintFigure>;
    for (const view of Object.keys(PROBES) as ViewKey[]) {
      const p = await settled(view, shown);
      f.firstPaint[view] = {
        ms: p.answeredAt - shown,
        calls: p.answers,
        nodes: p.nodes,
        ...(p.visibleAt > shown ? { fromVisibleMs: p.answeredAt - p.visibleAt } : {}),
        ...(p.firstAskedAt > shown ? { firstAskMs: p.firstAskedAt - shown } : {}),
      };
    }
    // Drawn from the copy the last window kept while the catalog opened (the figure above is then the catalog's redraw).
    for (const view of Object.keys(PROBES) as ViewKey[]) {
      const { kept, paint } = (await vscode.commands.executeCommand<{ kept: Kept; paint: Paint }>(PROBES[view]))!;
      if (kept.answers === 0) continue;
      f.keptPaint ??= {};
      f.keptPaint[view] = { ms: kept.answeredAt - shown, calls: kept.answers, nodes: 0, ...(paint.visibleAt > shown ? { fromVisibleMs: kept.answeredAt - paint.visibleAt } : {}) };
      f.coreLoadedByKeptPaint = (f.coreLoadedByKeptPaint ?? false) || kept.coreLoadedAtAnswer;
    }
    if (profile) await profile(process.env.CC_BENCH_PROFILE);
    f.coreCodeCache = (await vscode.commands.executeCommand<{ coreCodeCache?: string }>(CommandIds.activationInfo))?.coreCodeCache ?? 'not loaded';
    // The first window of the two (bench/hostBench.ts): only until the three views were kept for the next.
    if (process.env.CC_BENCH_PARTS === 'warm') {
      const end = performance.now() + 120_000;
      for (const view of Object.keys(PROBES) as ViewKey[]) {
        while ((await vscode.commands.executeCommand<{ kept: Kept }>(PROBES[view]))!.kept.written < 1) {
          if (performance.now() > end) throw new Error(`the ${view} view was never kept`);
          await sleep(100);
        }
      }
      writeFileSync(out, JSON.stringify(f, null, 2));
      const counts = process.env[ENV_RESULTS_FILE];
      if (counts) writeFileSync(counts, JSON.stringify({ suite: 'bench', passed: 1, failed: 0, skipped: 0 }));
      return;
    }
    // The memory pass (#16, a second catalog of another size) measures only RSS open, after the idle close, and the reopen.
    const rssOnly = process.env.CC_BENCH_PARTS === 'rss';
    if (!rssOnly) await registryExpandAndEvents(f);
    await vscode.commands.executeCommand(`${ViewIds.containers}.focus`);
    f.rssOpenMb = rssAfterGcMb();
    if (!rssOnly) await idleCpu(f);
    await idleClose(f, ext);
  } catch (e) {
    failed = 1;
    f.error = e instanceof Error ? e.stack ?? e.message : String(e);
    console.error(`host bench: ${f.error}`);
  }
  writeFileSync(out, JSON.stringify(f, null, 2));
  const counts = process.env[ENV_RESULTS_FILE];
  if (counts) writeFileSync(counts, JSON.stringify({ suite: 'bench', passed: 1 - failed, failed, skipped: 0 }));
  console.log(`host bench: figures in ${out}`);
  if (failed) throw new Error('host bench failed');
}

/** The registry's 1,000 stored repositories appear when it is expanded; then event → tree on the Podman peer. */
async function registryExpandAndEvents(f: HostBenchFigures): Promise<void> {
  const before = await paintOf('registries');
  const clicked = performance.now();
  await clickIn(`${paneOf('Registries')} .monaco-list-row[aria-label^="${process.env.CC_BENCH_REGISTRY ?? 'bench-registry'}"] .monaco-tl-twistie`);
  let p = before;
  const limit = performance.now() + 60_000;
  while (performance.now() < limit && p.answers === before.answers) { await sleep(10); p = await paintOf('registries'); }
  p = await settled('registries', before.answeredAt, 1000);
  f.registryExpand = { ms: p.answeredAt - clicked, calls: p.answers - before.answers, nodes: p.nodes - before.nodes };
  // The first answer is the paint (the stored listing under a "reading it again…" note); a later one is the
  // redraw once the registry answered (here: could not be reached, so the note says offline).
  const first = p.recent.find((r) => r.at > clicked);
  if (first) f.registryExpandFirst = { ms: first.at - clicked, calls: 1, nodes: first.nodes };
  // 3. Event → tree on the Podman peer (optional).
  const env = podmanEnv();
  if (env) {
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'podman', endpoint: env.CC_PODMAN_SOCKET, name: PODMAN_ENGINE });
    f.events = await eventLatency(env, Number(process.env.CC_BENCH_EVENT_ROUNDS ?? 3));
  } else f.skipped.push('event → tree latency: the Podman peer is not running (bash test/peers/podman.sh start)');
}

/**
 * CPU ticks (user + system) of this process's threads: the main thread (the one whose id is the process id) and
 * the others together (libuv's pool, V8's helpers, the inspector's). Every thread of this Node is named "node", so
 * names do not tell them apart.
 */
function threadTicks(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      // Fields after the name in parentheses: state is 3rd, utime the 14th and stime the 15th of the whole line.
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const name = Number(tid) === process.pid ? 'main thread' : 'other threads';
      out.set(name, (out.get(name) ?? 0) + Number(rest[11]) + Number(rest[12]));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return out;
}

/** Milliseconds of CPU per group between two threadTicks() readings (clock ticks are 1/100 s on Linux). */
function threadMs(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, t] of after) {
    const ms = (t - (before.get(name) ?? 0)) * 10;
    if (ms > 0) out[name] = ms;
  }
  return out;
}

/** 4. Idle: the Containers view open, nothing changing, polling and event following as set by default. */
async function idleCpu(f: HostBenchFigures): Promise<void> {
  const env = podmanEnv();
  const idleMs = Number(process.env.CC_BENCH_IDLE_MS ?? 60_000);
  // "Nothing changing": the event part just before left syncs, saves and kept copies to finish; start once the
  // catalog saw no write for 10 s (at most 60 s of waiting), and count the writes inside the window.
  const writes = async (): Promise<number> => (await vscode.commands.executeCommand<{ writes: number }>(CommandIds.catalogIdleInfo))!.writes;
  let lastWrites = await writes();
  for (let quietFrom = performance.now(), giveUp = quietFrom + 60_000; performance.now() - quietFrom < 10_000 && performance.now() < giveUp;) {
    await sleep(500);
    const now = await writes();
    if (now !== lastWrites) [lastWrites, quietFrom] = [now, performance.now()];
  }
  const cpu0 = process.cpuUsage();
  const threads0 = threadTicks();
  const wake0 = process.resourceUsage().voluntaryContextSwitches;
  const t0 = performance.now();
  await sleep(idleMs);
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  f.idle = {
    seconds: wall / 1000, cpuPercentOfCore: ((cpu.user + cpu.system) / 1000 / wall) * 100, engines: env ? 2 : 1,
    threadsMs: threadMs(threads0, threadTicks()), userMs: cpu.user / 1000, systemMs: cpu.system / 1000, catalogWrites: (await writes()) - lastWrites,
    wakeups: process.resourceUsage().voluntaryContextSwitches - wake0,
  };
  // Whose CPU that is: a second window under the sampling profiler (which adds CPU of its own, so not the
  // first), counting the samples whose stack holds our bundle's code. The rest is VS Code's own (its
  // extension host scans /proc and runs `ps` for port forwarding every few seconds).
  const ownWindowMs = Number(process.env.CC_BENCH_IDLE_OWN_MS ?? 30_000);
  const profile = await startProfile(1000);
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  await sleep(ownWindowMs);
  const cpu1 = process.cpuUsage(c1);
  const p = await profile(process.env.CC_BENCH_PROFILE ? `${process.env.CC_BENCH_PROFILE}.idle.cpuprofile` : undefined);
  const ownWall = performance.now() - t1;
  // The whole process in that window (the profiler's own cost included), and what its samples saw busy.
  f.idle.sampledWindowCpuPercent = ((cpu1.user + cpu1.system) / 1000 / ownWall) * 100;
  f.idle.sampledBusyPercent = (busyTime(p) / ownWall) * 100;
  f.idle.ownSeconds = ownWall / 1000;
  f.idle.ownPercentOfCore = (scriptTime(p, ['/dist/extension.js', '/dist/core.js']) / ownWall) * 100;
  // The same window with our views hidden (the Explorer shown instead: no event following, no polling):
  // what this extension host spends idle without us, side by side with the figure above.
  await vscode.commands.executeCommand('workbench.view.explorer');
  try {
    await sleep(5000);
    const c0 = process.cpuUsage();
    const h0 = threadTicks();
    const hw0 = process.resourceUsage().voluntaryContextSwitches;
    const t2 = performance.now();
    await sleep(idleMs);
    const c = process.cpuUsage(c0);
    f.idle.viewsHiddenPercentOfCore = ((c.user + c.system) / 1000 / (performance.now() - t2)) * 100;
    f.idle.viewsHiddenThreadsMs = threadMs(h0, threadTicks());
    f.idle.viewsHiddenUserMs = c.user / 1000;
    f.idle.viewsHiddenSystemMs = c.system / 1000;
    f.idle.viewsHiddenWakeups = process.resourceUsage().voluntaryContextSwitches - hw0;
  } finally {
    await vscode.commands.executeCommand(`${ViewIds.containers}.focus`);
  }
  // Views open again, with engine event following off (polling then every 10 s by default): what following costs.
  const events = vscode.workspace.getConfiguration('containerCatalog.containers');
  await events.update('followEngineEvents', false, vscode.ConfigurationTarget.Global);
  try {
    await sleep(5000);
    const c0 = process.cpuUsage();
    const w0 = process.resourceUsage().voluntaryContextSwitches;
    const t3 = performance.now();
    await sleep(idleMs);
    const c = process.cpuUsage(c0);
    f.idle.noEventsPercentOfCore = ((c.user + c.system) / 1000 / (performance.now() - t3)) * 100;
    f.idle.noEventsWakeups = process.resourceUsage().voluntaryContextSwitches - w0;
  } finally {
    await events.update('followEngineEvents', undefined, vscode.ConfigurationTarget.Global);
  }
}

/** Time (ms) of the samples that are not "(idle)" (JS, native calls, GC, the profiler's own "(program)"). */
function busyTime(p: CpuProfile): number {
  const idle = new Set(p.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  let us = 0;
  for (let i = 0; i < p.samples.length; i++) if (!idle.has(p.samples[i])) us += p.timeDeltas[i + 1] ?? 0;
  return us / 1000;
}

/** Time (ms) of the samples whose stack holds any frame of a script ending in one of `urlEnds`. */
function scriptTime(p: CpuProfile, urlEnds: readonly string[]): number {
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  let us = 0;
  for (let i = 0; i < p.samples.length; i++) {
    for (let x: number | undefined = p.samples[i]; x !== undefined; x = parent.get(x)) {
      const url = byId.get(x)?.callFrame.url ?? '';
      if (urlEnds.some((e) => url.endsWith(e))) {
        us += p.timeDeltas[i + 1] ?? 0;
        break;
      }
    }
  }
  return us / 1000;
}

/** 5. Idle close (#16): the catalog closes after the (lowered) idle time; RSS then, and the time to reopen. */
async function idleClose(f: HostBenchFigures, ext: vscode.Extension<unknown>): Promise<void> {
  const env = podmanEnv();
  await setting('containerCatalog.catalog').update('idleCloseMinutes', 0.1, vscode.ConfigurationTarget.Global);
  const idleInfo = async (): Promise<{ dormant: boolean }> => (await vscode.commands.executeCommand<{ dormant: boolean }>(CommandIds.catalogIdleInfo))!;
  const closeBy = Date.now() + 60_000;
  while (Date.now() < closeBy && !(await idleInfo()).dormant) await sleep(200);
  if ((await idleInfo()).dormant) {
    await sleep(2000);
    f.rssIdleClosedMb = rssAfterGcMb();
    const api = (ext.exports as { getApi(v: 1): { listEngines(): Promise<unknown[]> } }).getApi(1);
    const r = performance.now();
    await api.listEngines();
    f.reopenMs = performance.now() - r;
  } else f.skipped.push('idle close: the catalog did not close within 60 s of lowering idleCloseMinutes (a view kept it busy)');
  await setting('containerCatalog.catalog').update('idleCloseMinutes', undefined, vscode.ConfigurationTarget.Global);
  if (env && f.events) await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: PODMAN_ENGINE, confirmed: true });
}
