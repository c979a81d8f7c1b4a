/** The subset of vscode.LogOutputChannel the core logs through, so the core stays free of `vscode`. */
export interface Logger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
}

/** For the CLI, tests and benchmarks: writes warnings and errors to stderr, drops the rest. */
export const stderrLogger: Logger = redactingLogger({
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (m) => process.stderr.write(`warn: ${m}\n`),
  error: (m) => process.stderr.write(`error: ${m instanceof Error ? m.message : m}\n`),
});

const HIDDEN = '<redacted>';
/** Names whose values are secrets wherever they appear: JSON keys, `key=value`, `key: value`. */
const SECRET_NAMES = 'password|passwd|pass|secret|token|access_token|refresh_token|identitytoken|registrytoken|auth|api[_-]?key';
const REDACTIONS: readonly [RegExp, string][] = [
  // ssh:// names the login user, which is not a secret and tells the user which account was used:
  // ssh://user:password@host → ssh://user@host
  [/\b(ssh:\/\/)([^\s/?#"'<>:@]+)(?::[^\s/?#"'<>]*)?@/gi, '$1$2@'],
  // userinfo in any other URL: scheme://user:password@host → scheme://host (up to the last "@" of the
  // authority). A lone userinfo may be a token (https://TOKEN@host), so all of it goes.
  [/\b(?!ssh:\/\/)([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"'<>]*@/gi, '$1'],
  // Authorization headers, however quoted: the whole value goes, scheme and all
  [/\b((?:proxy-)?authorization)(\s*[:=]\s*)(?:"[^"]*"|'[^']*'|(?:(?:basic|bearer|token)\s+)?[^\s,;"']+)/gi, `$1$2${HIDDEN}`],
  // "password": "…" in JSON
  [new RegExp(`("(?:${SECRET_NAMES})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi'), `$1"${HIDDEN}"`],
  // password=… and password: … in queries, forms and prose
  [new RegExp(`\\b(${SECRET_NAMES})(\\s*[:=]\\s*)(?!\\s)(?:"[^"]*"|'[^']*'|[^\\s&,;"'}]+)`, 'gi'), `$1$2${HIDDEN}`],
  // a credential after its scheme word (a challenge's `Bearer realm="…"` has no such word and is kept)
  [/\b(basic|bearer)\s+(?![a-z]+=)[A-Za-z0-9._~+/-]{8,}=*/gi, `$1 ${HIDDEN}`],
];

/** The text with every password, token, Authorization value and URL userinfo replaced by `<redacted>`. */
export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of REDACTIONS) out = out.replace(pattern, replacement);
  return out;
}

function redactArg(arg: unknown): unknown {
  if (typeof arg === 'string') return redact(arg);
  if (arg instanceof Error) {
    const copy = new Error(redact(arg.message));
    copy.name = arg.name;
    copy.stack = arg.stack === undefined ? undefined : redact(arg.stack);
    return copy;
  }
  if (arg === null || typeof arg !== 'object') return arg;
  try {
    return redact(JSON.stringify(arg));
  } catch {
    return '[unprintable]';
  }
}

const WRITERS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

/**
 * Wraps a log sink (VS Code's LogOutputChannel, the CLI's stderr logger) so that nothing written to it
 * carries a secret, whoever writes: every message and argument goes through `redact`. Its other members
 * (show, dispose, logLevel, …) pass through.
 */
export function redactingLogger<T extends object>(inner: T): T {
  return new Proxy(inner, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (typeof key === 'string' && WRITERS.has(key)) return (...args: unknown[]) => fn.apply(target, args.map(redactArg));
      return fn.bind(target);
    },
  });
}
