import { dirname, join } from 'node:path';
import type { CliCommand } from '../cliCommand';
import { CliUsageError } from '../cliCommand';
import { openContainerExec } from '../../containers/containerExec';
import { openEngine } from '../../containers/engineConnection';
import { getEngine } from '../../containers/engineRegistry';
import { parseCliArgs } from '../parseCliArgs';

interface ExecResult {
  exitCode: number | null;
  /** Only with --json: the output is printed as it comes otherwise. */
  stdout?: string;
  stderr?: string;
  error?: string;
}

/**
 * `containers exec <engine> <name> -- <cmd…>`: runs a command in a running container over the engine's API
 * (no TTY), stdout and stderr kept apart, piped stdin passed in, and the command's exit status passed through.
 */
export const containersExecCommand: CliCommand<ExecResult> = {
  name: 'containers exec',
  summary: "run a command in a running container (no terminal); exits with the command's status",
  usage: '<engine> <name> -- <command> [args…]',
  streamed: true,
  async run(ctx, args) {
    if (!args.includes('--')) throw new CliUsageError('put the command after --, e.g. containers exec lxd c1 -- ls -l /');
    const { positionals } = parseCliArgs(args, {}, [3, Infinity]);
    const [engineName, name, ...command] = positionals;
    const engine = await getEngine(await ctx.openCatalog(), engineName);
    const conn = await openEngine(engine, { certDir: join(dirname(ctx.catalogFile), 'servercerts') });
    try {
      const session = await openContainerExec(conn, name, { command, tty: false });
      const out: Record<'stdout' | 'stderr', Buffer[]> = { stdout: [], stderr: [] };
      session.onOutput((chunk, stream) => {
        if (ctx.json) out[stream].push(chunk);
        else (stream === 'stderr' ? process.stderr : process.stdout).write(chunk);
      });
      if (process.stdin.isTTY) session.endInput();
      else {
        process.stdin.on('data', (c: Buffer) => session.write(c));
        process.stdin.once('end', () => session.endInput());
      }
      const exit = await session.exited;
      process.stdin.pause();
      if (exit.error && !ctx.json) process.stderr.write(`error: ${exit.error}\n`);
      return {
        exitCode: exit.code ?? null,
        ...(ctx.json ? { stdout: Buffer.concat(out.stdout).toString('utf8'), stderr: Buffer.concat(out.stderr).toString('utf8') } : {}),
        ...(exit.error ? { error: exit.error } : {}),
      };
    } finally {
      conn.close();
    }
  },
  text: () => '',
  // Unknown (the engine went away): 1, like any failed CLI command.
  exitCode: (r) => r.exitCode ?? 1,
};
