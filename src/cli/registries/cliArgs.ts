import { CliUsageError } from '../cliCommand';
import { parseCliArgs, positiveInt } from '../parseCliArgs';

export interface RegistryCliOptions {
  readonly positionals: string[];
  readonly name?: string;
  readonly insecure?: boolean;
  readonly ca?: string;
  readonly user?: string;
  readonly passwordStdin: boolean;
  readonly limit?: number;
  readonly pageSize?: number;
}

/** The options the `registries …` commands share, parsed strictly (an unknown option is a usage error). */
export function parseRegistryArgs(args: string[], allowed: readonly (keyof Omit<RegistryCliOptions, 'positionals'>)[], positionals: number): RegistryCliOptions {
  const parsed = parseCliArgs(args, OPTIONS, positionals);
  const v = parsed.values;
  const given = (Object.keys(v) as (keyof typeof OPTIONS)[]).filter((k) => v[k] !== undefined);
  const key = (k: keyof typeof OPTIONS) => (k === 'password-stdin' ? 'passwordStdin' : k === 'page-size' ? 'pageSize' : k);
  const extra = given.find((k) => !allowed.includes(key(k) as never));
  if (extra) throw new CliUsageError(`--${extra} is not an option of this command`);
  if (v['password-stdin'] && !v.user) throw new CliUsageError('--password-stdin needs --user');
  if (v.user && !v['password-stdin']) throw new CliUsageError('--user needs --password-stdin (passwords are never taken as arguments)');
  return {
    positionals: parsed.positionals,
    name: v.name,
    insecure: v.insecure,
    ca: v.ca,
    user: v.user,
    passwordStdin: v['password-stdin'] ?? false,
    limit: positiveInt(v.limit, 'limit'),
    pageSize: positiveInt(v['page-size'], 'page-size'),
  };
}

const OPTIONS = {
  name: { type: 'string' },
  insecure: { type: 'boolean' },
  ca: { type: 'string' },
  user: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  limit: { type: 'string' },
  'page-size': { type: 'string' },
} as const;

/** The password from stdin: one trailing newline (from `echo`) is not part of it. */
export function passwordFromStdin(text: string): string {
  const password = text.replace(/\r?\n$/, '');
  if (!password) throw new CliUsageError('--password-stdin: nothing was read from standard input');
  return password;
}
