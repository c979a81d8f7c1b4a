import { dirname, join } from 'node:path';
import type { CliCommand } from '../cliCommand';
import { getEngine, listEngines } from '../../containers/engineRegistry';
import { syncEngine } from '../../containers/syncEngine';
import type { SyncResult } from '../../containers/syncEngine';
import { parseCliArgs } from '../parseCliArgs';
import { terminalText } from '../terminalText';

interface SyncOutcome {
  engine: string;
  ok: boolean;
  counts?: SyncResult['counts'];
  error?: string;
}

/** `engines sync [name]`: mirrors one engine, or every one; the catalog is kept when an engine is down. */
export const enginesSyncCommand: CliCommand<SyncOutcome[]> = {
  name: 'engines sync',
  summary: 'mirror one engine (or every engine) into the catalog; the catalog is kept if an engine is down',
  usage: '[name]',
  async run(ctx, args) {
    const { positionals } = parseCliArgs(args, {}, [0, 1]);
    const catalog = await ctx.openCatalog();
    const engines = positionals.length ? [await getEngine(catalog, positionals[0])] : (await listEngines(catalog)).filter((e) => e.kind !== 'catalog');
    if (!engines.length) throw new Error('No engine to sync; add one with `engines add`.');
    // Server certificates accepted on first use live next to the catalog, like `lxc`'s servercerts.
    const engineCtx = { certDir: join(dirname(ctx.catalogFile), 'servercerts') };
    const out: SyncOutcome[] = [];
    for (const e of engines) {
      try {
        const r = await syncEngine(catalog, e, engineCtx, {
          onProgress: (p) => process.stderr.isTTY && process.stderr.write(`\r${terminalText(`${e.name}: ${p.message} (${p.done}/${p.total})`)}\x1b[K`),
        });
        if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
        out.push({ engine: e.name, ok: true, counts: r.counts });
      } catch (err) {
        out.push({ engine: e.name, ok: false, error: (err as Error).message });
      }
    }
    // A named engine that failed is a failed command; "sync all" reports each and fails if any did.
    const failed = out.filter((o) => !o.ok);
    if (failed.length) {
      const e = new Error(failed.map((f) => `${f.engine}: ${f.error}`).join('\n'));
      (e as Error & { result?: unknown }).result = out;
      throw e;
    }
    return out;
  },
  text: (rows) =>
    rows
      .map((r) => `${r.engine}: ${r.counts!.instances} instances, ${r.counts!.snapshots} snapshots, ${r.counts!.profiles} profiles, ${r.counts!.images} images; ${r.counts!.removed} removed`)
      .join('\n'),
};
