/** The subset of vscode.LogOutputChannel the core logs through, so the core stays free of `vscode`. */
export interface Logger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
}

/** For the CLI, tests and benchmarks: writes warnings and errors to stderr, drops the rest. */
export const stderrLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (m) => process.stderr.write(`warn: ${m}\n`),
  error: (m) => process.stderr.write(`error: ${m instanceof Error ? m.message : m}\n`),
};
