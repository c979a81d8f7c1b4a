// Benchmark child processes:
//   node out/bench/benchChild.js timings <containers> <template.db> <work dir>   → TimingsResult
//   node out/bench/benchChild.js load <store|sqljs|native> <containers> <template.db> <work dir> → LoadResult
// Prints one JSON line.
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { atomicWrite } from '../src/store/atomicWrite';
import { openCatalog } from '../src/store/openCatalog';
import { BR0_SQL, TREE_SQL, UPDATE_SQL } from './benchSql';
import { generateLxdData, insertStatements, rowCount } from './lxdData';

export interface EngineFigures {
  insertMs: number;
  br0Ms: number;
  treeMs: number;
  updateP50Ms: number;
  updateP95Ms: number;
  file: string;
}

/** `timings` mode: all three engines in one process, interleaved, so load spikes hit them alike. */
export interface TimingsResult {
  containers: number;
  rows: number;
  br0Rows: number;
  fileBytes: number;
  /** File writes caused by a burst of 100 concurrent writes through the store. */
  burstFileWrites: number;
  engines: Record<EngineName, EngineFigures>;
}

/** `load` mode: one engine's bulk load alone in a process, for its peak RSS. */
export interface LoadResult {
  engine: EngineName;
  containers: number;
  maxRssMb: number;
}

export const ENGINE_NAMES = ['store', 'sqljs', 'native'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

type Params = unknown[];
interface Engine {
  insert(statements: Iterable<{ sql: string; params: Params }>): Promise<void>;
  query(sql: string, params: Params): Promise<unknown[]>;
  /** Several queries as one unit (one queue slot for the store). */
  queries(list: Array<[string, Params]>): Promise<void>;
  /** One durable write. */
  update(sql: string, params: Params): Promise<void>;
  burst?(n: number): Promise<number>;
  close(): Promise<void>;
}

const now = () => Number(process.hrtime.bigint()) / 1e6;
const median = (xs: number[]) => percentile(xs, 50);
function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

async function storeEngine(file: string): Promise<Engine> {
  // As the extension opens it: with the file watch, which lets reads skip the per-read stat.
  const c = await openCatalog({ file });
  return {
    insert: (statements) => c.write(async (em) => { for (const s of statements) await em.query(s.sql, s.params); }),
    query: (sql, params) => c.read((em) => em.query(sql, params)),
    queries: (list) => c.read(async (em) => { for (const [sql, p] of list) await em.query(sql, p); }),
    update: (sql, params) => c.write((em) => em.query(sql, params)),
    async burst(n) {
      const before = c.saveCount;
      await Promise.all(Array.from({ length: n }, (_, i) => c.write((em) => em.query(UPDATE_SQL, [String(i), 1 + (i % 50)]))));
      return c.saveCount - before;
    },
    close: () => c.close(),
  };
}

async function sqljsEngine(file: string): Promise<Engine> {
  const initSqlJs = (await import('sql.js')).default;
  const SQL = await initSqlJs();
  const db = new SQL.Database(readFileSync(file));
  db.run('PRAGMA foreign_keys = ON'); // what TypeORM's driver does; raw sql.js starts with it off
  const all = (sql: string, params: Params) => {
    const st = db.prepare(sql);
    try {
      st.bind(params as never);
      const rows: unknown[] = [];
      while (st.step()) rows.push(st.getAsObject());
      return rows;
    } finally {
      st.free();
    }
  };
  const save = () => atomicWrite(file, db.export());
  return {
    async insert(statements) {
      db.run('BEGIN');
      for (const s of statements) db.run(s.sql, s.params as never);
      db.run('COMMIT');
      await save();
    },
    query: async (sql, params) => all(sql, params),
    async queries(list) { for (const [sql, p] of list) all(sql, p); },
    async update(sql, params) {
      db.run(sql, params as never);
      await save();
    },
    async close() { db.close(); },
  };
}

async function nativeEngine(file: string): Promise<Engine> {
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  return {
    async insert(statements) {
      db.transaction(() => { for (const s of statements) db.prepare(s.sql).run(...s.params); })();
    },
    query: async (sql, params) => db.prepare(sql).all(...params),
    async queries(list) { for (const [sql, p] of list) db.prepare(sql).all(...p); },
    async update(sql, params) { db.prepare(sql).run(...params); },
    async close() { db.close(); },
  };
}

function open(name: EngineName, file: string): Promise<Engine> {
  return name === 'store' ? storeEngine(file) : name === 'sqljs' ? sqljsEngine(file) : nativeEngine(file);
}

async function timings(containers: number, template: string, workDir: string): Promise<TimingsResult> {
  const data = generateLxdData(containers);
  const engines = {} as Record<EngineName, Engine>;
  const figures = {} as Record<EngineName, EngineFigures>;
  // Bulk insert several times per engine (alternating order, fresh files); keep the best. A short
  // run (2,000) is easily disturbed by other processes, so it gets more rounds.
  const rounds = containers > 5000 ? 2 : 4;
  for (let round = 0; round < rounds; round++) {
    for (const name of round % 2 ? [...ENGINE_NAMES].reverse() : ENGINE_NAMES) {
      const file = join(workDir, `${name}-${containers}-${round}.db`);
      copyFileSync(template, file);
      const e = await open(name, file);
      const t = now();
      await e.insert(insertStatements(data));
      const ms = now() - t;
      if (round === 0) {
        engines[name] = e;
        figures[name] = { insertMs: ms, br0Ms: 0, treeMs: 0, updateP50Ms: 0, updateP95Ms: 0, file };
      } else {
        figures[name].insertMs = Math.min(figures[name].insertMs, ms);
        await e.close();
        rmSync(file, { force: true });
      }
    }
  }
  const sample = async (name: EngineName, times: Record<EngineName, number[]>, fn: (e: Engine) => Promise<unknown>) => {
    const t = now();
    await fn(engines[name]);
    times[name].push(now() - t);
  };
  const empty = (): Record<EngineName, number[]> => ({ store: [], sqljs: [], native: [] });
  // Each iteration rotates who goes first, so no engine always runs right after another's garbage.
  const turn = (i: number): EngineName[] => ENGINE_NAMES.map((_, k) => ENGINE_NAMES[(i + k) % ENGINE_NAMES.length]);

  const br0 = empty();
  let br0Rows = 0;
  const br0Runs = containers > 5000 ? 63 : 303;
  for (let i = 0; i < br0Runs; i++) {
    for (const name of turn(i)) {
      await sample(name, br0, async (e) => { br0Rows = (await e.query(BR0_SQL, ['br0', 'br0'])).length; });
    }
  }
  const tree = empty();
  for (let i = 0; i < 220; i++) {
    const id = 1 + ((i * 7919) % containers);
    for (const name of turn(i)) await sample(name, tree, (e) => e.queries(TREE_SQL.map((sql) => [sql, [id]] as [string, Params])));
  }
  const upd = empty();
  const updates = containers > 5000 ? 40 : 100;
  for (let i = 0; i < updates; i++) {
    for (const name of turn(i)) await sample(name, upd, (e) => e.update(UPDATE_SQL, [String(i % 8), 1 + ((i * 13) % containers)]));
  }
  for (const name of ENGINE_NAMES) {
    figures[name].br0Ms = median(br0[name].slice(3)); // the first runs warm caches and the JIT
    figures[name].treeMs = median(tree[name].slice(20));
    figures[name].updateP50Ms = median(upd[name]);
    figures[name].updateP95Ms = percentile(upd[name], 95);
  }
  const burstFileWrites = await (engines.store.burst as (n: number) => Promise<number>)(100);
  for (const name of ENGINE_NAMES) await engines[name].close();
  return {
    containers,
    rows: rowCount(data),
    br0Rows,
    fileBytes: readFileSync(figures.store.file).length,
    burstFileWrites,
    engines: figures,
  };
}

async function load(name: EngineName, containers: number, template: string, workDir: string): Promise<LoadResult> {
  const file = join(workDir, `load-${name}-${containers}.db`);
  copyFileSync(template, file);
  const e = await open(name, file);
  await e.insert(insertStatements(generateLxdData(containers)));
  await e.close();
  rmSync(file, { force: true });
  return { engine: name, containers, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

async function main(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  const result = mode === 'timings'
    ? await timings(Number(args[0]), args[1], args[2])
    : await load(args[0] as EngineName, Number(args[1]), args[2], args[3]);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

// Only as a child process: run.ts imports this file for its types and ENGINE_NAMES, and a main() run
// there (with run.ts's own arguments) failed and set exit code 1 after every table was written.
if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  });
}
