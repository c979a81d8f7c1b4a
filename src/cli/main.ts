// Headless entry (dist/cli.js): commands over the same catalog file the extension uses, under the
// same lock protocol, so it is safe while VS Code windows have the catalog open.
//   node dist/cli.js [--catalog FILE] [--json] <command> [args…]
import { resolve } from 'node:path';
import { redact, redactingLogger, type Logger } from '../shared/logger';
import type { CatalogStore } from '../store/CatalogStore';
import { openCatalog } from '../store/openCatalog';
import type { CliCommand, CliContext } from './cliCommand';
import { CliUsageError } from './cliCommand';
import { cliCommands } from './commandTable';
import { defaultCatalogFile } from './catalog/defaultCatalogFile';
import { terminalJson, terminalText } from './terminalText';

const cliLogger: Logger = redactingLogger<Logger>({
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (m) => process.stderr.write(terminalText(`warning: ${m}`) + '\n'),
  error: (m) => process.stderr.write(terminalText(`error: ${m instanceof Error ? m.message : m}`) + '\n'),
});

function usage(): string {
  const width = Math.max(...cliCommands.map((c) => `${c.name} ${c.usage ?? ''}`.length));
  return [
    'usage: container-catalog [--catalog FILE] [--json] <command> [args…]',
    '',
    'The catalog defaults to the extension\'s own file ($CONTAINER_CATALOG_FILE overrides it).',
    '',
    'commands:',
    ...cliCommands.map((c) => `  ${`${c.name} ${c.usage ?? ''}`.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

/** Longest command name matching the start of the positional words. */
function findCommand(words: string[]): { command: CliCommand; rest: string[] } | undefined {
  let best: { command: CliCommand; rest: string[] } | undefined;
  for (const command of cliCommands) {
    const parts = command.name.split(' ');
    if (parts.every((p, i) => words[i] === p) && (!best || parts.length > best.command.name.split(' ').length)) {
      best = { command, rest: words.slice(parts.length) };
    }
  }
  return best;
}

export async function main(argv: string[]): Promise<number> {
  let catalogArg: string | undefined;
  let json = false;
  const words: string[] = [];
  // Global options may come before the command; everything after the command belongs to it.
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--catalog') {
      catalogArg = argv[++i];
      if (!catalogArg) return fail(json, new CliUsageError('--catalog needs a file path'));
    } else if (a.startsWith('--catalog=')) catalogArg = a.slice('--catalog='.length);
    else if (a === '--help' || a === '-h') {
      process.stdout.write(`${usage()}\n`);
      return 0;
    } else break;
  }
  for (; i < argv.length; i++) {
    if (argv[i] === '--json') json = true;
    else words.push(argv[i]);
  }
  if (!words.length) {
    process.stderr.write(`${usage()}\n`);
    return 2;
  }
  const found = findCommand(words);
  if (!found) return fail(json, new CliUsageError(`unknown command "${words.join(' ')}"; run with --help for the list`));

  let catalog: CatalogStore | undefined;
  const ctx: CliContext = {
    catalogFile: resolve(catalogArg ?? defaultCatalogFile()),
    json,
    async openCatalog() {
      catalog ??= await openCatalog({ file: ctx.catalogFile, log: cliLogger, watch: false });
      return catalog;
    },
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
  let code: number;
  let failure: unknown;
  try {
    const result = await found.command.run(ctx, found.rest);
    // Every result passes the one terminal filter: its names come from registries and catalogs. Streamed
    // commands (exec, logs) wrote the container's own output as it came, as `docker exec` does.
    if (json) process.stdout.write(`${terminalJson(result, 2)}
`);
    else if (!found.command.streamed) process.stdout.write(`${terminalText(found.command.text(result))}
`);
    code = found.command.exitCode?.(result) ?? 0;
  } catch (e) {
    failure = e;
    if (e instanceof CliUsageError) {
      code = fail(json, new CliUsageError(`${e.message}\nusage: ${found.command.name} ${found.command.usage ?? ''}`.trimEnd()));
    } else code = fail(json, e);
  }
  try {
    // Flushes every acknowledged write before the process exits.
    await catalog?.close();
  } catch (e) {
    // A save that failed during the command fails again here (same disk, same cause): say it once.
    const said = failure instanceof Error && e instanceof Error && failure.message === e.message;
    if (!said) code = fail(json, e);
  }
  return code;
}

function fail(json: boolean, e: unknown): number {
  const message = redact(e instanceof Error ? e.message : String(e));
  process.stderr.write(json ? `${terminalJson({ error: message })}\n` : `${terminalText(`error: ${message}`)}\n`);
  return e instanceof CliUsageError ? 2 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e: unknown) => { process.stderr.write(`${terminalText(redact(`error: ${e instanceof Error ? e.stack : String(e)}`))}\n`); process.exitCode = 1; },
  );
}
