import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openCatalog } from '../../../src/store/openCatalog';

const WRITER = resolve(__dirname, 'children/ackWriter.js');

interface Child {
  acked: Set<number>;
  /** The writer's idle closes, printed when it ends (idle mode only). */
  idleCloses: { n: number };
  firstAck: Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill(): void;
}

function startWriter(file: string, prefix: string, count: number | 'forever', concurrency: number, idle?: { closeMs: number; maxPauseMs: number }): Child {
  const extra = idle ? [String(idle.closeMs), String(idle.maxPauseMs)] : [];
  const p = spawn(process.execPath, [WRITER, file, prefix, String(count), String(concurrency), ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acked = new Set<number>();
  const idleCloses = { n: 0 };
  let buffered = '';
  let stderr = '';
  let onFirst: () => void = () => undefined;
  const firstAck = new Promise<void>((r) => { onFirst = r; });
  p.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const l of lines) {
      if (l.startsWith('idle ')) idleCloses.n = Number(l.slice(5));
      else acked.add(Number(l));
    }
    if (acked.size) onFirst();
  });
  p.stderr.setEncoding('utf8').on('data', (c: string) => { stderr += c; });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((r) =>
    p.on('close', (code, signal) => r({ code, signal, stderr })));
  return { acked, idleCloses, firstAck, exit, kill: () => p.kill('SIGKILL') };
}

async function urlsWithPrefix(file: string, prefix: string): Promise<Set<string>> {
  // Opening through the store is the point: the file must open (integrity check, stale lock broken).
  const c = await openCatalog({ file, watch: false, lockTimeoutMs: 5000 });
  try {
    const rows = (await c.read((em) => em.query(`SELECT "url" FROM "registry" WHERE "name" = ?`, [prefix]))) as Array<{ url: string }>;
    return new Set(rows.map((r) => r.url));
  } finally {
    await c.close();
  }
}

describe('catalog across processes', function () {
  this.timeout(600_000);
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-mp-'));
    file = join(dir, 'catalog.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged write when the writer is SIGKILLed at random moments, 100 times', async () => {
    let lost: string[] = [];
    let totalAcked = 0;
    for (let round = 0; round < 100; round++) {
      const prefix = `crash${round}`;
      const child = startWriter(file, prefix, 'forever', 1 + (round % 4));
      await Promise.race([child.firstAck, child.exit]);
      await new Promise((r) => setTimeout(r, Math.random() * 40));
      child.kill();
      const { signal, stderr } = await child.exit;
      assert.equal(signal, 'SIGKILL', `round ${round}: writer ended on its own: ${stderr}`);
      const onDisk = await urlsWithPrefix(file, prefix);
      lost = [...child.acked].filter((i) => !onDisk.has(`${prefix}-${i}`)).map((i) => `${prefix}-${i}`);
      assert.deepEqual(lost, [], `round ${round}: acknowledged writes missing after SIGKILL`);
      totalAcked += child.acked.size;
    }
    assert.ok(totalAcked >= 100, `only ${totalAcked} writes were acknowledged over 100 rounds`);
    // The file is a valid catalog with no temp files left behind after the last open.
    assert.ok(readFileSync(file).subarray(0, 15).toString() === 'SQLite format 3');
  });

  it('two processes × 1,000 writes through the lock end with exactly 2,000 rows', async () => {
    const a = startWriter(file, 'procA', 1000, 1);
    const b = startWriter(file, 'procB', 1000, 1);
    const [ea, eb] = await Promise.all([a.exit, b.exit]);
    assert.equal(ea.code, 0, ea.stderr);
    assert.equal(eb.code, 0, eb.stderr);
    assert.equal(a.acked.size, 1000);
    assert.equal(b.acked.size, 1000);
    const c = await openCatalog({ file, watch: false });
    try {
      const rows = (await c.read((em) => em.query(`SELECT "name", count(*) AS n FROM "registry" WHERE "name" IN ('procA', 'procB') GROUP BY "name" ORDER BY "name"`))) as Array<{ name: string; n: number }>;
      assert.deepEqual(rows, [{ name: 'procA', n: 1000 }, { name: 'procB', n: 1000 }]);
      const [{ n }] = (await c.read((em) => em.query(`SELECT count(*) AS n FROM "registry" WHERE "name" IN ('procA', 'procB')`))) as Array<{ n: number }>;
      assert.equal(n, 2000);
      // Both seeded the same file once: the defaults are there exactly once.
      const [{ d }] = (await c.read((em) => em.query(`SELECT count(*) AS d FROM "registry" WHERE "url" IN ('docker.io', 'ghcr.io', 'quay.io')`))) as Array<{ d: number }>;
      assert.equal(d, 3);
    } finally {
      await c.close();
    }
  });

  it('two processes whose stores keep closing for idleness and reopening: 2 × 300 writes, none lost', async () => {
    // 2 ms idle close and pauses of up to 6 ms: each store closes its database between many writes, while
    // the other process writes the file; every reopen must read the other's saves and lose nothing.
    const a = startWriter(file, 'idleA', 300, 2, { closeMs: 2, maxPauseMs: 6 });
    const b = startWriter(file, 'idleB', 300, 1, { closeMs: 2, maxPauseMs: 6 });
    const [ea, eb] = await Promise.all([a.exit, b.exit]);
    assert.equal(ea.code, 0, ea.stderr);
    assert.equal(eb.code, 0, eb.stderr);
    assert.equal(a.acked.size, 300);
    assert.equal(b.acked.size, 300);
    assert.ok(a.idleCloses.n > 0 && b.idleCloses.n > 0, `both stores closed for idleness (A ${a.idleCloses.n}, B ${b.idleCloses.n} times)`);
    for (const prefix of ['idleA', 'idleB']) {
      const onDisk = await urlsWithPrefix(file, prefix);
      assert.equal(onDisk.size, 300, `${prefix}: every acknowledged write is in the file`);
    }
  });
});
