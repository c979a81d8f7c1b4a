import { dirname, join } from 'node:path';
import type { CliCommand } from '../cliCommand';
import { CliUsageError } from '../cliCommand';
import { followContainerLogs } from '../../containers/containerLogs';
import type { LogStream } from '../../containers/containerLogs';
import { openEngine } from '../../containers/engineConnection';
import { getEngine } from '../../containers/engineRegistry';
import { parseCliArgs } from '../parseCliArgs';

interface LogsResult {
  /** Only with --json: the lines are printed as they come otherwise. */
  lines?: { line: string; stream: LogStream }[];
  error?: string;
}

/**
 * `containers logs <engine> <name> [--follow] [--tail N] [--timestamps]`: a container's log over the engine's
 * API, stdout lines to stdout and stderr lines to stderr; `--follow` keeps reading until Ctrl-C.
 */
export const containersLogsCommand: CliCommand<LogsResult> = {
  name: 'containers logs',
  summary: "print a container's log (stderr lines to stderr); --follow keeps reading until Ctrl-C",
  usage: '<engine> <name> [--follow] [--tail N] [--timestamps]',
  streamed: true,
  async run(ctx, args) {
    const { positionals, values } = parseCliArgs(
      args,
      { follow: { type: 'boolean' }, tail: { type: 'string' }, timestamps: { type: 'boolean' } },
      2,
    );
    if (values.tail !== undefined && !/^\d+$/.test(values.tail)) throw new CliUsageError('--tail must be a whole number of 0 or more');
    if (values.follow && ctx.json) throw new CliUsageError('--follow cannot be combined with --json');
    const [engineName, name] = positionals;
    const engine = await getEngine(await ctx.openCatalog(), engineName);
    const conn = await openEngine(engine, { certDir: join(dirname(ctx.catalogFile), 'servercerts') });
    try {
      const f = await followContainerLogs(conn, name, {
        follow: values.follow === true,
        tail: values.tail === undefined ? undefined : Number(values.tail),
        timestamps: values.timestamps === true,
      });
      const lines: { line: string; stream: LogStream }[] = [];
      f.onLine((line, stream) => {
        if (ctx.json) lines.push({ line, stream });
        else (stream === 'stdout' ? process.stdout : process.stderr).write(`${line}\n`);
      });
      const stop = (): void => f.close();
      process.once('SIGINT', stop);
      const done = await f.done;
      process.off('SIGINT', stop);
      if (done.error) throw new Error(done.error);
      return ctx.json ? { lines } : {};
    } finally {
      conn.close();
    }
  },
  text: () => '',
};
