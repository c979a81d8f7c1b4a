import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

// The transpiled CLI entry (the same code esbuild bundles into dist/cli.js), run as a child process.
const CLI = resolve(__dirname, '../../../src/cli/main.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when the run was killed after `timeoutMs` instead of exiting by itself. */
  timedOut: boolean;
}

export interface CliRunOptions {
  /** Sees stderr as it comes; `kill` sends SIGINT (Ctrl-C). */
  onStderr?: (chunk: string, kill: () => void) => void;
  /** Called with the pid once the process started. */
  onStart?: (pid: number) => void;
  /** SIGKILL the run after this long (a hung CLI must not hang the test run). */
  timeoutMs?: number;
}

export function runCli(args: string[], opts: CliRunOptions = {}): Promise<CliRun> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, CONTAINER_CATALOG_FILE: '' } });
    if (child.pid !== undefined) opts.onStart?.(child.pid);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = opts.timeoutMs === undefined ? undefined : setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      opts.onStderr?.(d.toString(), () => child.kill('SIGINT'));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      res({ code, signal, stdout, stderr, timedOut });
    });
  });
}
