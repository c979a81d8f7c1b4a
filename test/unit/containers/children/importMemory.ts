// Run by importLocalImage.test.ts in a process of its own: imports one local image into one engine and
// prints how much the process's peak memory grew during the import, so the test can tell whether the
// image file was held whole in memory (growth near the file's size) or streamed from disk.
//   node importMemory.js <catalog.db> <engine> <local image id> <name> <cert dir>
import { importLocalImage } from '../../../../src/containers/importLocalImage';
import { getEngine } from '../../../../src/containers/engineRegistry';
import { openCatalog } from '../../../../src/store/openCatalog';

export interface ImportMemoryReport {
  readonly id: string;
  /** Peak resident memory during the import minus the most resident before it, in bytes. */
  readonly peakGrowth: number;
}

async function main(): Promise<void> {
  const [file, engineName, localImageId, name, certDir] = process.argv.slice(2);
  const catalog = await openCatalog({ file, watch: false });
  try {
    const engine = await getEngine(catalog, engineName);
    // ru_maxrss is the peak so far (KiB): the peak before the import is the baseline.
    const before = Math.max(process.resourceUsage().maxRSS * 1024, process.memoryUsage().rss);
    const r = await importLocalImage(catalog, engine, { certDir }, localImageId, name);
    const report: ImportMemoryReport = { id: r.id, peakGrowth: process.resourceUsage().maxRSS * 1024 - before };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await catalog.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
