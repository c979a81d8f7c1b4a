// Child process for the crash and two-process tests: writes registry rows through a real catalog
// and prints each row's index on stdout only after its write() resolved (i.e. was acknowledged).
//   node ackWriter.js <catalog file> <prefix> <count|forever> [concurrency] [idleCloseMs] [maxPauseMs]
// With idleCloseMs and pauses between writes, the store closes its database for idleness and reopens it
// many times; the number of idle closes is printed last as `idle <n>`.
import { v7 } from 'uuid';
import { openCatalog } from '../../../../src/store/openCatalog';

async function run(): Promise<void> {
  const [file, prefix, countArg, concurrencyArg, idleArg, pauseArg] = process.argv.slice(2);
  const count = countArg === 'forever' ? Number.POSITIVE_INFINITY : Number(countArg);
  const concurrency = Number(concurrencyArg ?? '1');
  const maxPause = Number(pauseArg ?? '0');
  const catalog = await openCatalog({ file, watch: false, lockTimeoutMs: 120_000, idleCloseMs: Number(idleArg ?? '0') });
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await catalog.write((em) => em.query(`INSERT INTO "registry" ("id", "name", "url") VALUES (?, ?, ?)`, [v7(), prefix, `${prefix}-${i}`]));
      // stdout to a pipe is synchronous on Linux: once printed, the parent may count it as acknowledged.
      process.stdout.write(`${i}\n`);
      if (maxPause) await new Promise((r) => setTimeout(r, Math.random() * maxPause));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await catalog.close();
  if (idleArg) process.stdout.write(`idle ${catalog.idleCloseCount}\n`);
}

run().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
