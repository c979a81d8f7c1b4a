import type { IncomingMessage } from 'node:http';
import { DockerStreamDemux } from './dockerStreamDemux';
import type { EngineConnection } from './engineConnection';
import type { LxdClient } from './lxdClient';

/** Where a log line came from: the process's stdout or stderr, or a notice of ours about the log itself. */
export type LogStream = 'stdout' | 'stderr' | 'notice';

export interface LogOptions {
  /** Keep reading new lines until closed. */
  readonly follow: boolean;
  /** Only the last N lines of what is there already (all when undefined). */
  readonly tail?: number;
  /** Engine timestamps in front of each line (Podman/Docker; LXD's log lines carry their own). */
  readonly timestamps: boolean;
  /** How often LXD's log is read again while following (it has no follow endpoint). */
  readonly pollMs?: number;
}

/** A container's log being read: lines arrive through `onLine`; `done` settles when it ends (with a reason when it broke). */
export interface LogFollow {
  onLine(listener: (line: string, stream: LogStream) => void): void;
  readonly done: Promise<{ error?: string }>;
  close(): void;
}

/**
 * The log of a container over the engine's API. Podman/Docker: `/containers/<id>/logs` streamed, its 8-byte
 * frames split into stdout and stderr unless the container has a TTY. LXD: the console log, read again every
 * `pollMs` while following; where LXD cannot give it (its console log needs liblxc support), the instance's
 * `lxc.log`, with a notice saying so.
 */
export async function followContainerLogs(conn: EngineConnection, name: string, opts: LogOptions): Promise<LogFollow> {
  const follow = new LineFollow();
  if (conn.kind === 'lxd') {
    await pollLxdLog(conn.lxd, name, opts, follow);
    return follow;
  }
  // The inspect answers at once: an unknown container or an engine that is down fails here.
  const tty = (await conn.docker.inspect(name)).Config.Tty === true;
  const ac = new AbortController();
  follow.onClose = () => ac.abort();
  const answer = conn.docker.logs(name, { follow: opts.follow, timestamps: opts.timestamps, tail: opts.tail, signal: ac.signal });
  const read = (res: IncomingMessage): void => {
    const demux = tty ? undefined : new DockerStreamDemux((c, s) => follow.push(c, s));
    res.on('data', (c: Buffer) => (demux ? demux.push(c) : follow.push(c, 'stdout')));
    let error: string | undefined;
    // Node names a connection cut mid-answer only "aborted": say what it means.
    res.on('error', (e) => (error = ac.signal.aborted ? undefined : `The connection to the engine was lost (${e.message}).`));
    res.once('close', () => follow.end(error ?? (res.complete || ac.signal.aborted ? undefined : 'The engine closed the log stream.')));
  };
  if (!opts.follow) {
    read(await answer);
    return follow;
  }
  // Podman answers a followed log only once there is a line to send: the follow is live before that, and
  // what comes later (the first line, or the engine going away) arrives through it.
  answer.then(read, (err: unknown) => follow.end(ac.signal.aborted ? undefined : err instanceof Error ? err.message : String(err)));
  return follow;
}

async function pollLxdLog(lxd: LxdClient, name: string, opts: LogOptions, follow: LineFollow): Promise<void> {
  let source: 'console' | 'lxc.log' = 'console';
  const read = async (): Promise<Buffer> => {
    if (source === 'console') {
      try {
        return await lxd.consoleLog(name);
      } catch (err) {
        source = 'lxc.log';
        follow.notice(`LXD cannot give the console log of ${name} (${err instanceof Error ? err.message : String(err)}); showing its lxc.log instead.`);
      }
    }
    return lxd.logFile(name, 'lxc.log');
  };
  let prev = await read();
  follow.pushText(lastLines(prev.toString('utf8'), opts.tail), 'stdout');
  if (!opts.follow) {
    follow.end(undefined);
    return;
  }
  const tick = async (): Promise<void> => {
    if (follow.closed) return;
    try {
      const cur = await read();
      const added = newPart(prev, cur);
      prev = cur;
      if (added.length) follow.push(added, 'stdout');
      follow.timer = setTimeout(() => void tick(), opts.pollMs ?? 1000);
    } catch (err) {
      follow.end(err instanceof Error ? err.message : String(err));
    }
  };
  follow.timer = setTimeout(() => void tick(), opts.pollMs ?? 1000);
}

/** What `cur` adds to `prev`: the log grew, or (a ring buffer) moved on; then what follows the old end. */
function newPart(prev: Buffer, cur: Buffer): Buffer {
  if (cur.length >= prev.length && cur.subarray(0, prev.length).equals(prev)) return cur.subarray(prev.length);
  const tail = prev.subarray(Math.max(0, prev.length - 512));
  const at = tail.length ? cur.lastIndexOf(tail) : -1;
  return at >= 0 ? cur.subarray(at + tail.length) : cur;
}

function lastLines(text: string, tail: number | undefined): string {
  if (tail === undefined) return text;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.slice(Math.max(0, lines.length - tail)).map((l) => l + '\n').join('');
}

/** Turns chunks into lines per stream, keeping lines that arrive before anyone listens. */
class LineFollow implements LogFollow {
  private listeners: ((line: string, stream: LogStream) => void)[] = [];
  private early: [string, LogStream][] = [];
  private partial: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };
  private settle!: (v: { error?: string }) => void;
  readonly done = new Promise<{ error?: string }>((r) => (this.settle = r));
  closed = false;
  timer: NodeJS.Timeout | undefined;
  onClose: (() => void) | undefined;

  onLine(listener: (line: string, stream: LogStream) => void): void {
    this.listeners.push(listener);
    const early = this.early;
    this.early = [];
    for (const [l, s] of early) listener(l, s);
  }

  push(chunk: Buffer, stream: 'stdout' | 'stderr'): void {
    this.pushText(chunk.toString('utf8'), stream);
  }

  pushText(text: string, stream: 'stdout' | 'stderr'): void {
    const parts = (this.partial[stream] + text).split('\n');
    this.partial[stream] = parts.pop() ?? '';
    for (const p of parts) this.emit(p.replace(/\r$/, ''), stream);
  }

  notice(text: string): void {
    this.emit(text, 'notice');
  }

  end(error: string | undefined): void {
    if (this.closed) return;
    for (const s of ['stdout', 'stderr'] as const) if (this.partial[s]) this.emit(this.partial[s], s);
    this.closed = true;
    clearTimeout(this.timer);
    this.settle(error ? { error } : {});
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.onClose?.();
    this.settle({});
  }

  private emit(line: string, stream: LogStream): void {
    if (this.closed) return;
    if (!this.listeners.length) this.early.push([line, stream]);
    for (const l of this.listeners) l(line, stream);
  }
}
