import type WebSocket from 'ws';
import { EngineError } from './engineError';
import { OutputRelay } from './execSession';
import type { ExecExit, ExecRequest, ExecSession, ExecStream } from './execSession';
import type { LxdClient } from './lxdClient';

/**
 * An exec in an LXD instance over the operation's websockets: with a terminal one data socket (`0`) plus
 * `control` (window size, signals); without, stdin/stdout/stderr on `0`/`1`/`2`. The exit status is the
 * operation's `return` once LXD closed the output sockets.
 */
export async function startLxdExec(lxd: LxdClient, name: string, req: ExecRequest): Promise<ExecSession> {
  const body: Record<string, unknown> = {
    command: [...req.command],
    environment: { ...(req.tty ? { TERM: 'xterm-256color' } : {}), ...req.env },
    interactive: req.tty,
    'wait-for-websocket': true,
    'record-output': false,
  };
  if (req.tty) Object.assign(body, { width: req.cols ?? 80, height: req.rows ?? 24 });
  if (req.cwd) body.cwd = req.cwd;
  if (req.user !== undefined) {
    // LXD takes a numeric uid; a name would be silently ignored, so refuse it.
    if (!/^\d+$/.test(req.user)) throw new EngineError('api', `LXD runs commands as a numeric uid; "${req.user}" is not one.`);
    body.user = Number(req.user);
  }
  const { operation, fds } = await lxd.execStart(name, body);
  const names = req.tty ? ['0', 'control'] : ['0', '1', '2', 'control'];
  const sockets = new Map<string, WebSocket>();
  for (const fd of names) {
    if (!fds[fd]) throw new EngineError('protocol', `LXD gave no websocket secret for "${fd}".`);
  }
  for (const fd of names) sockets.set(fd, lxd.operationWebSocket(operation, fds[fd]));
  // Listening starts now: LXD runs the command once its side of every socket is up, which can be before
  // our side saw the last one open, so output may arrive on one socket while another is still opening.
  const session = new LxdExecSession(lxd, operation, sockets, req.tty);
  try {
    await Promise.all([...sockets.values()].map(opened));
  } catch (err) {
    for (const ws of sockets.values()) ws.terminate();
    throw err;
  }
  session.start();
  return session;
}

function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', (e) => reject(e instanceof EngineError ? e : new EngineError('unreachable', `The exec websocket failed: ${e.message}`)));
    ws.once('unexpected-response', (_req, res) => reject(new EngineError('api', `LXD refused the exec websocket (HTTP ${res.statusCode}).`, res.statusCode)));
  });
}

class LxdExecSession implements ExecSession {
  private readonly relay = new OutputRelay();
  private done = false;
  readonly exited: Promise<ExecExit>;

  constructor(
    private readonly lxd: LxdClient,
    private readonly operation: string,
    private readonly sockets: Map<string, WebSocket>,
    tty: boolean,
  ) {
    const outputs: [string, ExecStream][] = tty ? [['0', 'stdout']] : [['1', 'stdout'], ['2', 'stderr']];
    const closed = outputs.map(([fd, stream]) => {
      const ws = sockets.get(fd)!;
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        const chunk = isBinary ? data : Buffer.from(data);
        if (chunk.length) this.relay.emit(chunk, stream);
        // LXD 5.0 marks the end of a stream with an empty message and then waits for us to close.
        else ws.close();
      });
      return new Promise<void>((resolve) => ws.once('close', () => resolve()));
    });
    // Errors after opening are reported through the exit (the sockets then close too).
    for (const ws of sockets.values()) ws.on('error', () => undefined);
    this.exited = new Promise<ExecExit>((resolve) => (this.begin = () => resolve(this.finish(closed))));
  }

  private begin: () => void = () => undefined;

  /** Called once every socket is open: from then on the operation is waited for. */
  start(): void {
    this.begin();
  }

  onOutput(listener: (chunk: Buffer, stream: ExecStream) => void): void {
    this.relay.add(listener);
  }

  write(data: string | Buffer): void {
    const ws = this.sockets.get('0')!;
    if (ws.readyState === ws.OPEN) ws.send(typeof data === 'string' ? Buffer.from(data, 'utf8') : data, { binary: true });
  }

  endInput(): void {
    // LXD reads a close of the stdin socket as end of input.
    this.sockets.get('0')!.close();
  }

  async resize(cols: number, rows: number): Promise<void> {
    this.control({ command: 'window-resize', args: { width: String(cols), height: String(rows) } });
  }

  close(): void {
    if (this.done) return;
    // Hang up the process as a closed terminal would, then let go of the sockets.
    this.control({ command: 'signal', signal: 1 });
    for (const ws of this.sockets.values()) ws.close();
  }

  private control(msg: unknown): void {
    const ws = this.sockets.get('control')!;
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  }

  /**
   * LXD keeps a terminal's data socket open after the process ended, so the end is the operation's: wait
   * for it, then close the sockets (which delivers what is still in flight) and wait for them to close.
   */
  private async finish(closed: Promise<void>[]): Promise<ExecExit> {
    let exit: ExecExit;
    try {
      let op = await this.lxd.operationAfter(this.operation, 30);
      while (op.status_code < 200) op = await this.lxd.operationAfter(this.operation, 30);
      const ret = (op.metadata as { return?: unknown } | undefined)?.return;
      exit = op.status_code >= 400 ? { code: undefined, error: `LXD: ${op.err || op.status}` } : { code: typeof ret === 'number' ? ret : undefined };
    } catch (err) {
      exit = { code: undefined, error: err instanceof Error ? err.message : String(err) };
    }
    this.done = true;
    for (const ws of this.sockets.values()) ws.close();
    await Promise.race([Promise.all(closed), new Promise((r) => setTimeout(r, 2000))]);
    return exit;
  }
}
