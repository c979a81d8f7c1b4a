/**
 * Where JSON.parse failed, as "line L, column C" (or undefined when V8 does not say). V8's own message
 * quotes the text around the error, which in an auth or metadata file may be a password: callers show
 * this instead.
 */
export function jsonSyntaxPlace(error: unknown, text: string): string | undefined {
  const m = error instanceof Error ? /\bposition (\d+)/.exec(error.message) : null;
  if (!m) return undefined;
  const before = text.slice(0, Number(m[1]));
  const lines = before.split('\n');
  return `line ${lines.length}, column ${lines[lines.length - 1].length + 1}`;
}
