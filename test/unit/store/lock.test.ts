import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 } from 'uuid';
import { Registry } from '../../../src/entities/Registry';
import { openCatalog } from '../../../src/store/openCatalog';

/** Field 22 of /proc/<pid>/stat: the process's start time in clock ticks since boot. */
function startTicks(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

describe('catalog lock: PID reuse, reboots, and what a timeout says', function () {
  this.timeout(60_000);
  let dir: string;
  let file: string;
  let other: ChildProcess;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cc-lock-'));
    file = join(dir, 'catalog.db');
    // A live process that is not a catalog user: what a reused PID points at after a reboot.
    other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    await new Promise((r) => other.once('spawn', r));
  });
  afterEach(() => {
    other.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  async function opensAndWrites(): Promise<void> {
    const c = await openCatalog({ file, watch: false, lockTimeoutMs: 3000 });
    try {
      await c.write((em) => em.insert(Registry, { id: v7(), name: 'x', url: 'lock.example' }));
    } finally {
      await c.close();
    }
    assert.ok(!existsSync(`${file}.lock`));
  }

  it('breaks a lock whose PID now belongs to a process started later (start time differs)', async () => {
    const start = String(Number(startTicks(other.pid!)) - 500);
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: other.pid, host: hostname(), at: new Date().toISOString(), start }));
    await opensAndWrites();
  });

  it('breaks a lock written before a reboot (boot id differs), whatever its PID is now', async () => {
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: other.pid, host: hostname(), at: new Date().toISOString(), boot: '00000000-0000-4000-8000-000000000000' }));
    await opensAndWrites();
  });

  it('breaks an old-format lock {pid, host, at} whose PID started after the lock was taken', async () => {
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: other.pid, host: hostname(), at: new Date(Date.now() - 3600_000).toISOString() }));
    await opensAndWrites();
  });

  it('waits for a live holder, then names it and says how to remove a stale lock', async () => {
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: other.pid, host: hostname(), at: new Date().toISOString(), start: startTicks(other.pid!) }));
    const t0 = Date.now();
    await assert.rejects(openCatalog({ file, watch: false, lockTimeoutMs: 500 }), (e: unknown) => {
      assert.ok(e instanceof Error);
      assert.match(e.message, new RegExp(`locked by process ${other.pid} on `));
      assert.match(e.message, new RegExp(`remove it \\(rm '${file.replace(/[.]/g, '\\.')}\\.lock'\\)`));
      return true;
    });
    assert.ok(Date.now() - t0 < 5000);
    assert.ok(existsSync(`${file}.lock`), "a live holder's lock is left alone");
  });
});
