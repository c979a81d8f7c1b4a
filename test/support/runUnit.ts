import { join, resolve } from 'node:path';
import { runMocha } from './runMocha';

// The unit suite as `npm test` runs it: plain Node, same files as .mocharc.json, counts to a file.
// Usage: node out/test/support/runUnit.js [countsFile]
async function main(): Promise<void> {
  const repo = resolve(__dirname, '..', '..', '..');
  const countsFile = process.argv[2] ?? join(repo, 'test-results', 'unit.json');
  const counts = await runMocha({
    suite: 'unit',
    root: join(repo, 'out', 'test', 'unit'),
    countsFile,
    grep: process.env.CC_TEST_GREP,
  });
  if (counts.hostile) console.log(`hostile input: ${counts.hostile.tried} attacks tried, ${counts.hostile.held} held`);
  console.log(`unit: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  // Like mocha's --exit: peers' sockets or timers left open by a test must not hang the run.
  process.exit(counts.failed > 0 ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
