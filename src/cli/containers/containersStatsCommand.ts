import { dirname, join } from 'node:path';
import type { CliCommand } from '../cliCommand';
import { CliUsageError } from '../cliCommand';
import { followContainerStats } from '../../containers/containerStats';
import type { ContainerStatsSample } from '../../containers/containerStats';
import { openEngine } from '../../containers/engineConnection';
import { getEngine } from '../../containers/engineRegistry';
import { formatSize } from '../../shared/formatSize';
import { terminalText } from '../terminalText';
import { parseCliArgs } from '../parseCliArgs';

/** One line a sample: what `docker stats` shows, in the order it shows it. */
export function statsLine(s: ContainerStatsSample): string {
  const size = (n: number | null): string => (n === null ? '—' : formatSize(n));
  return [
    `CPU ${s.cpuPercent === null ? '—' : `${s.cpuPercent.toFixed(2)}%`}`,
    `MEM ${size(s.memoryBytes)}${s.memoryLimitBytes === null ? '' : ` / ${size(s.memoryLimitBytes)}`}`,
    `NET rx ${size(s.netRxBytes)} tx ${size(s.netTxBytes)}`,
    `BLOCK read ${size(s.blockReadBytes)} write ${size(s.blockWriteBytes)}`,
    `PIDS ${s.processes ?? '—'}`,
  ].join('  ');
}

/**
 * `containers stats <engine> <name> [--no-stream]`: a running container's CPU, memory, network and block IO
 * over the engine's API, a line a reading until Ctrl-C, or one reading with `--no-stream` (the only form
 * `--json` takes). Nothing is stored.
 */
export const containersStatsCommand: CliCommand<{ sample?: ContainerStatsSample }> = {
  name: 'containers stats',
  summary: "a running container's CPU, memory, network and block IO, live until Ctrl-C (--no-stream: one reading)",
  usage: '<engine> <name> [--no-stream]',
  streamed: true,
  async run(ctx, args) {
    const { positionals, values } = parseCliArgs(args, { 'no-stream': { type: 'boolean' } }, 2);
    const once = values['no-stream'] === true;
    if (ctx.json && !once) throw new CliUsageError('--json needs --no-stream');
    const [engineName, name] = positionals;
    const engine = await getEngine(await ctx.openCatalog(), engineName);
    const conn = await openEngine(engine, { certDir: join(dirname(ctx.catalogFile), 'servercerts') });
    try {
      const f = await followContainerStats(conn, name, { once });
      let last: ContainerStatsSample | undefined;
      f.onSample((s) => {
        last = s;
        if (!ctx.json) process.stdout.write(`${terminalText(statsLine(s))}\n`);
      });
      const stop = (): void => f.close();
      process.once('SIGINT', stop);
      const done = await f.done;
      process.off('SIGINT', stop);
      if (done.error) throw new Error(done.error);
      if (once && !last) throw new Error(`${engine.name} gave no reading for ${name}.`);
      return ctx.json ? { sample: last } : {};
    } finally {
      conn.close();
    }
  },
  text: () => '',
};
