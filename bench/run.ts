// `npm run bench`: the catalog store against raw sql.js (same SQL, no TypeORM) and better-sqlite3
// (native, the floor), at 2,000 and 20,000 LXD-style containers. Each (engine, size) runs in its own
// child process so peak RSS is per run. Prints a markdown report and writes it into
// docs/benchmarks.md between the store-bench markers (other sections of that file are kept).
// Then the other capabilities' benches (OTHER_BENCHES), each into its own section; `--only <id>` runs just those.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { join, resolve } from 'node:path';
import { openCatalog } from '../src/store/openCatalog';
import type { EngineName, LoadResult, TimingsResult } from './benchChild';
import { ENGINE_NAMES } from './benchChild';

const ROOT = resolve(__dirname, '../..');
const SIZES = [2000, 20000];
const START = '<!-- store-bench:start -->';
const END = '<!-- store-bench:end -->';

/**
 * Benchmarks of other capabilities, run after the store's. Each returns markdown, written into its
 * own marked section of docs/benchmarks.md. Add yours here: one line. A bench that fails (e.g. its
 * peer is not running) gets a section saying so; the others still run.
 */
const OTHER_BENCHES: ReadonlyArray<{ id: string; title: string; run: () => Promise<string> }> = [
  { id: 'containers-bench', title: 'Containers sync (issue 6)', run: async () => (await import('./containerSyncBench.js')).runContainerSyncBench() },
  { id: 'engine-sync-bench', title: 'Engine sync parts (issue 19)', run: async () => (await import('./engineSyncBench.js')).runEngineSyncBench() },
  { id: 'cluster-ssh-bench', title: 'Remote engines and LXD clusters (issue 18)', run: async () => (await import('./clusterSshBench.js')).runClusterSshBench() },
  { id: 'launch-bench', title: 'Launch to the row in the catalog (issue 14)', run: async () => (await import('./launchBench.js')).runLaunchBench() },
  { id: 'webview-bundle', title: 'Detail panels: webview bundle (issue 7)', run: async () => (await import('./webviewBundleBench.js')).runWebviewBundleBench() },
  {
    id: 'images-bench',
    title: 'Image catalog refresh (issue 5)',
    run: async () => {
      const m = await import('./imagesRefreshBench.js');
      return m.formatImagesBench(await m.benchImagesRefresh());
    },
  },
];

/** Runs node; `firstLineMs` is the time from spawn to the first complete line on stdout. */
function runNode(args: string[]): Promise<{ ms: number; firstLineMs: number; stdout: string }> {
  return new Promise((done, fail) => {
    const t = process.hrtime.bigint();
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let firstLineMs = NaN;
    p.stdout.on('data', (c: Buffer) => {
      stdout += c;
      if (Number.isNaN(firstLineMs) && stdout.includes('\n')) firstLineMs = Number(process.hrtime.bigint() - t) / 1e6;
    });
    p.stderr.on('data', (c: Buffer) => { stderr += c; });
    p.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      if (code === 0) done({ ms, firstLineMs, stdout });
      else fail(new Error(`node ${args.join(' ')} exited ${code}: ${stderr}`));
    });
  });
}

/** Bundles the cold-open child like dist/extension.js (TypeORM's unused drivers stubbed), next to a copy of the wasm. */
async function bundleColdOpenChild(): Promise<string> {
  const esbuild = await import('esbuild');
  const out = join(ROOT, 'out', 'bench', 'coldOpen.bundle.js');
  // Same idea as the stub plugin in esbuild.mjs (kept in sync by hand; bench only).
  const KEPT = new Set(['sqljs', 'sqlite-abstract', 'types']);
  await esbuild.build({
    entryPoints: [join(ROOT, 'bench', 'coldOpenChild.ts')],
    outfile: out,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3', 'vscode'],
    mainFields: ['module', 'main'],
    logLevel: 'error',
    plugins: [{
      name: 'stub-typeorm-drivers',
      setup(build) {
        build.onResolve({ filter: /^\.\.?\// }, (args) => {
          if (!/[\\/]node_modules[\\/]typeorm[\\/]/.test(`${args.resolveDir}/`)) return undefined;
          const full = join(args.resolveDir, args.path);
          const hit = /[\\/]node_modules[\\/]typeorm[\\/](?:browser[\\/])?driver[\\/]([^\\/]+)[\\/]/.exec(full);
          if (!hit || KEPT.has(hit[1])) return undefined;
          return { path: full, namespace: 'typeorm-driver-stub' };
        });
        build.onLoad({ filter: /.*/, namespace: 'typeorm-driver-stub' }, () => ({
          contents: 'const c={};module.exports=new Proxy({},{get:(_,k)=>k==="__esModule"?true:(c[k]??=class{})});',
          loader: 'js',
        }));
      },
    }],
  });
  copyFileSync(require.resolve('sql.js/dist/sql-wasm.wasm'), join(ROOT, 'out', 'bench', 'sql-wasm.wasm'));
  return out;
}

const fmt = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? '—' : x >= 100 ? x.toFixed(0) : x.toFixed(digits));
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

function versions(): Record<string, string> {
  const v = (p: string) => (JSON.parse(readFileSync(join(ROOT, 'node_modules', p, 'package.json'), 'utf8')) as { version: string }).version;
  return { node: process.version, typeorm: v('typeorm'), 'sql.js': v('sql.js'), 'better-sqlite3': v('better-sqlite3') };
}

/**
 * `--only <id>[,<id>…]` (e.g. `npm run bench -- --only launch-bench`): just those sections of OTHER_BENCHES, the
 * store's skipped; the other sections of docs/benchmarks.md stay as they are. Undefined without it: everything.
 */
function onlyIds(argv: readonly string[]): Set<string> | undefined {
  const at = argv.indexOf('--only');
  if (at < 0) return undefined;
  const ids = new Set((argv[at + 1] ?? '').split(',').filter(Boolean));
  const unknown = [...ids].filter((id) => !OTHER_BENCHES.some((b) => b.id === id));
  if (!ids.size || unknown.length) throw new Error(`--only takes ids among ${OTHER_BENCHES.map((b) => b.id).join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`);
  return ids;
}

async function main(): Promise<void> {
  const started = Date.now();
  const only = onlyIds(process.argv.slice(2));
  const work = mkdtempSync(join(tmpdir(), 'cc-bench-'));
  try {
    if (!only) await storeBench(work, started);
    await otherBenches(only);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The catalog store against raw sql.js and better-sqlite3 (the section between the store-bench markers). */
async function storeBench(work: string, started: number): Promise<void> {
  // One migrated, empty catalog is the starting file for every engine: same schema, indexes, triggers.
  const template = join(work, 'template.db');
  await (await openCatalog({ file: template, watch: false })).close();
  const timings: TimingsResult[] = [];
  const loads: LoadResult[] = [];
  for (const size of SIZES) {
    process.stderr.write(`bench: timings at ${size} containers (all engines interleaved in one process)…\n`);
    const { stdout } = await runNode([join(__dirname, 'benchChild.js'), 'timings', String(size), template, work]);
    const t = JSON.parse(stdout.trim().split('\n').pop() ?? '') as TimingsResult;
    process.stderr.write(`bench:   ${JSON.stringify(t)}\n`);
    timings.push(t);
    for (const engine of ENGINE_NAMES) {
      process.stderr.write(`bench: bulk-load peak RSS, ${engine} at ${size}…\n`);
      const r = await runNode([join(__dirname, 'benchChild.js'), 'load', engine, String(size), template, work]);
      loads.push(JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as LoadResult);
    }
  }
  process.stderr.write('bench: cold opens…\n');
  const coldChild = await bundleColdOpenChild();
  const cold = new Map<string, number>();
  const windowRss = new Map<string, number>();
  for (const t of timings) {
    for (const engine of ENGINE_NAMES) {
      const file = t.engines[engine].file;
      const times: number[] = [];
      let rss = 0;
      for (let i = 0; i < 5; i++) {
        const args = engine === 'store' ? [coldChild, 'store', file] : [join(__dirname, 'coldOpenChild.js'), engine, file];
        const { firstLineMs, stdout } = await runNode(args);
        const [count, tail] = stdout.trim().split('\n');
        if (Number(count) !== t.containers) throw new Error(`cold open of ${file} counted ${count} containers`);
        times.push(firstLineMs);
        rss = Math.max(rss, (JSON.parse(tail) as { maxRssMb: number }).maxRssMb);
      }
      cold.set(`${engine}:${t.containers}`, times.sort((a, b) => a - b)[2]);
      windowRss.set(`${engine}:${t.containers}`, rss);
    }
  }
  const report = render(timings, loads, cold, windowRss, (Date.now() - started) / 1000);
  process.stdout.write(`${report}\n`);
  writeSection(START, END, report);
}

async function otherBenches(only: Set<string> | undefined): Promise<void> {
  const skipped: string[] = [];
  for (const b of OTHER_BENCHES.filter((x) => !only || only.has(x.id))) {
    process.stderr.write(`bench: ${b.title}…\n`);
    let body: string;
    try {
      body = await b.run();
    } catch (e) {
      body = `### ${b.title}\n\nNot measured in this run: ${e instanceof Error ? e.message : String(e)}\n`;
      process.exitCode = 1;
    }
    // Parts that need a peer this machine is not running say "not run"; they are named, not failed.
    for (const line of body.split('\n')) if (/\bnot run\b/i.test(line)) skipped.push(`${b.title}: ${line.replace(/^[_*|\s]+|[_*|\s]+$/g, '')}`);
    const section = `<!-- ${b.id}:start -->\n## ${b.title}\n\n${body.trim()}\n<!-- ${b.id}:end -->`;
    process.stdout.write(`\n${section}\n`);
    writeSection(`<!-- ${b.id}:start -->`, `<!-- ${b.id}:end -->`, section);
  }
  process.stderr.write(skipped.length ? `bench: skipped (optional, their peers are not running):\n${skipped.map((s) => `  - ${s}`).join('\n')}\n` : 'bench: every part ran\n');
}

function render(timings: TimingsResult[], loads: LoadResult[], cold: Map<string, number>, windowRss: Map<string, number>, seconds: number): string {
  const at = (size: number) => {
    const t = timings.find((x) => x.containers === size);
    if (!t) throw new Error(`missing timings at ${size}`);
    return t;
  };
  const loadRss = (engine: EngineName, size: number) => loads.find((l) => l.engine === engine && l.containers === size)?.maxRssMb ?? NaN;
  const row = (label: string, pick: (e: EngineName) => number, digits = 1) => {
    const [s, q, n] = ENGINE_NAMES.map(pick);
    return `| ${label} | ${fmt(s, digits)} | ${fmt(q, digits)} | ${fmt(n, digits)} | ${ratio(s, q)} |`;
  };
  const lines: string[] = [];
  const cpu = cpus();
  lines.push(START, '## Catalog store (issue 3)', '');
  lines.push(`Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${seconds.toFixed(0)} s in all. ` +
    `Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${type()} ${release()}, ` +
    `shared with other jobs while measuring (load average ${loadavg()[0].toFixed(1)} at the end), so absolute times are noisy: compare the ratios. ` +
    `Versions: ${Object.entries(versions()).map(([k, v]) => `${k} ${v}`).join(', ')}.`);
  lines.push('');
  lines.push('Engines: **store** = CatalogStore (TypeORM over sql.js, one queue, lock file, each write durable: temp file, fsync, rename, fsync dir); ' +
    '**raw sql.js** = sql.js running the same SQL (each write saved with the same atomic write); ' +
    '**native** = better-sqlite3 on a file (journal_mode=delete, synchronous=full), the floor. All start from the same migrated file. ' +
    'Query and update timings come from one process per size in which the three engines take turns, so load from other processes hits them alike; ' +
    'bulk insert is the best of 4 rounds at 2,000 and of 2 at 20,000 (alternating engine order); peak RSS is measured in a separate process per engine and size.');
  lines.push('');
  for (const size of SIZES) {
    const t = at(size);
    const e = t.engines;
    lines.push(`### ${size.toLocaleString('en-US')} containers (${t.rows.toLocaleString('en-US')} rows; file ${(t.fileBytes / 2 ** 20).toFixed(1)} MB; the br0 query returns ${t.br0Rows} containers)`, '');
    lines.push('| measure | store | raw sql.js | native | store / raw sql.js |', '|---|---:|---:|---:|---:|');
    lines.push(row('bulk insert, one transaction + persist (ms)', (n) => e[n].insertMs));
    lines.push(row('br0 query, median (ms)', (n) => e[n].br0Ms, 2));
    lines.push(row('one container\'s tree children, 4 queries, median (ms)', (n) => e[n].treeMs, 3));
    lines.push(row('update + persist p50 (ms)', (n) => e[n].updateP50Ms, 2));
    lines.push(row('update + persist p95 (ms)', (n) => e[n].updateP95Ms, 2));
    lines.push(`| file writes caused by a burst of 100 writes | ${t.burstFileWrites} | 100 (one save per write) | — (journal) | |`);
    lines.push(row('cold open → first query, from process spawn (store: esbuild bundle as shipped), median of 5 (ms)', (n) => cold.get(`${n}:${size}`) ?? NaN));
    lines.push(row('peak RSS: open + br0 + tree + one persist, as a window holds it (MB)', (n) => windowRss.get(`${n}:${size}`) ?? NaN, 0));
    lines.push(row('peak RSS: bulk-load run, generated data included (MB)', (n) => loadRss(n, size), 0));
    lines.push('');
  }
  const s2 = at(2000).engines;
  const s20 = at(20000).engines;
  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
  lines.push('### Targets (issue 3)', '', '| target | measured | |', '|---|---|---|');
  lines.push(`| bulk insert ≤ 2× raw sql.js | ${ratio(s2.store.insertMs, s2.sqljs.insertMs)} at 2,000; ${ratio(s20.store.insertMs, s20.sqljs.insertMs)} at 20,000 | ${verdict(s2.store.insertMs <= 2 * s2.sqljs.insertMs && s20.store.insertMs <= 2 * s20.sqljs.insertMs)} |`);
  lines.push(`| br0 query ≤ 1.2× raw and < 5 ms at 2,000 | ${ratio(s2.store.br0Ms, s2.sqljs.br0Ms)}, ${fmt(s2.store.br0Ms, 2)} ms | ${verdict(s2.store.br0Ms <= 1.2 * s2.sqljs.br0Ms && s2.store.br0Ms < 5)} |`);
  lines.push(`| tree children ≤ 2× raw | ${ratio(s2.store.treeMs, s2.sqljs.treeMs)} at 2,000 | ${verdict(s2.store.treeMs <= 2 * s2.sqljs.treeMs)} |`);
  lines.push(`| persist p50 at 2,000 ≤ 8 ms | ${fmt(s2.store.updateP50Ms, 2)} ms (raw sql.js with the same atomic write: ${fmt(s2.sqljs.updateP50Ms, 2)} ms) | ${verdict(s2.store.updateP50Ms <= 8)} |`);
  const w20 = windowRss.get('store:20000') ?? NaN;
  const l20 = loadRss('store', 20000);
  lines.push(`| RSS at 20,000 ≤ 200 MB | ${w20.toFixed(1)} MB open + queries + persist; ${l20.toFixed(1)} MB during the bulk load | ${verdict(w20 <= 200)} (open) / ${verdict(l20 <= 200)} (bulk load) |`);
  lines.push('', END);
  return lines.join('\n');
}

/** Replaces the text between `start` and `end` (markers included) in docs/benchmarks.md, or appends it. */
function writeSection(start: string, end: string, report: string): void {
  const doc = join(ROOT, 'docs', 'benchmarks.md');
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  let text = existsSync(doc) ? readFileSync(doc, 'utf8') : '# Benchmarks\n\nEach section is written by `npm run bench` from its own output; do not edit figures by hand.\n';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  text = a >= 0 && b > a ? text.slice(0, a) + report + text.slice(b + end.length) : `${text.trimEnd()}\n\n${report}\n`;
  writeFileSync(doc, text);
  process.stderr.write(`bench: wrote ${doc}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
