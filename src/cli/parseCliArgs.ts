import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliUsageError } from './cliCommand';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;

/**
 * The one option parser of every CLI command: Node's own `util.parseArgs`, strict (an unknown option or a
 * missing value is a usage error), with the count of positional words checked. `positionals` is the exact
 * count, or [min, max].
 */
export function parseCliArgs<O extends Options>(args: string[], options: O, positionals: number | readonly [number, number]): Parsed<O> {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    // Node's wording is for its own CLI ("Unknown option '--x'. To specify a positional argument…"); ours
    // says it the way every command of this CLI says a usage problem: "unknown option --x".
    const message = e instanceof Error ? e.message : String(e);
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    throw new CliUsageError(unknown ? `unknown option ${unknown[1]}` : message.replace(/\. To specify a positional.*$/s, ''));
  }
  const [min, max] = typeof positionals === 'number' ? [positionals, positionals] : positionals;
  const n = parsed.positionals.length;
  if (n < min || n > max) {
    const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new CliUsageError(`expected ${want} argument${max === 1 || (min === 1 && max === Infinity) ? '' : 's'}, got ${n}${n ? ` (${parsed.positionals.join(' ')})` : ''}`);
  }
  return parsed;
}

/** A `--name N` value that must be a whole number ≥ 1. */
export function positiveInt(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new CliUsageError(`--${name} must be a positive whole number`);
  return Number(v);
}
