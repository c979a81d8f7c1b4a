// Cold open → first query, in a fresh process: node <this> <store|sqljs|native> <catalog file>
// The store variant is bundled by bench/run.ts like the extension (dist/), so the require cost is
// the shipped one. Prints the container count once the first query has answered; then, as a window
// would, runs the br0 query, one tree expansion and one durable update, and prints its peak RSS.
import { readFileSync } from 'node:fs';
import { atomicWrite } from '../src/store/atomicWrite';
import { BR0_SQL, TREE_SQL, UPDATE_SQL } from './benchSql';

const rss = () => process.resourceUsage().maxRSS / 1024;

async function main(): Promise<void> {
  const [engine, file] = process.argv.slice(2);
  const sql = 'SELECT count(*) AS n FROM "containers"';
  let n: number;
  if (engine === 'store') {
    // Loaded only on this branch, so the sql.js and native runs do not pay for TypeORM.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { openCatalog } = require('../src/store/openCatalog') as typeof import('../src/store/openCatalog');
    const c = await openCatalog({ file, watch: false });
    n = ((await c.read((em) => em.query(sql))) as Array<{ n: number }>)[0].n;
    process.stdout.write(`${n}\n`);
    await c.read((em) => em.query(BR0_SQL, ['br0', 'br0']));
    await c.read(async (em) => { for (const q of TREE_SQL) await em.query(q, [1]); });
    await c.write((em) => em.query(UPDATE_SQL, ['3', 1]));
    await c.close();
  } else if (engine === 'sqljs') {
    const initSqlJs = (await import('sql.js')).default;
    const SQL = await initSqlJs();
    const db = new SQL.Database(readFileSync(file));
    n = Number(db.exec(sql)[0].values[0][0]);
    process.stdout.write(`${n}\n`);
    db.run('PRAGMA foreign_keys = ON');
    db.exec(BR0_SQL, ['br0', 'br0']);
    for (const q of TREE_SQL) db.exec(q, [1]);
    db.run(UPDATE_SQL, ['3', 1]);
    await atomicWrite(file, db.export());
  } else {
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file);
    n = (db.prepare(sql).get() as { n: number }).n;
    process.stdout.write(`${n}\n`);
    db.pragma('foreign_keys = ON');
    db.prepare(BR0_SQL).all('br0', 'br0');
    for (const q of TREE_SQL) db.prepare(q).all(1);
    db.prepare(UPDATE_SQL).run('3', 1);
    db.close();
  }
  process.stdout.write(`${JSON.stringify({ maxRssMb: rss() })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
