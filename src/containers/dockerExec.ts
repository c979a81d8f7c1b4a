import type { Duplex } from 'node:stream';
import type { DockerClient } from './dockerClient';
import { DockerStreamDemux } from './dockerStreamDemux';
import { OutputRelay } from './execSession';
import type { ExecExit, ExecRequest, ExecSession, ExecStream } from './execSession';

/**
 * An exec in a Podman or Docker container: exec create, then exec start on a hijacked connection (raw bytes
 * with a TTY, 8-byte framed stdout/stderr without), resize through `/exec/<id>/resize`, and the exit
 * status from the exec's inspect once the stream ended.
 */
export async function startDockerExec(docker: DockerClient, name: string, req: ExecRequest): Promise<ExecSession> {
  const env = Object.entries({ ...(req.tty ? { TERM: 'xterm-256color' } : {}), ...req.env }).map(([k, v]) => `${k}=${v}`);
  const id = await docker.execCreate(name, {
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: req.tty,
    Cmd: [...req.command],
    Env: env,
    User: req.user,
    WorkingDir: req.cwd,
  });
  const stream = await docker.execStart(id, req.tty);
  const session = new DockerExecSession(docker, id, stream, req.tty);
  if (req.tty && req.cols && req.rows) await session.resize(req.cols, req.rows).catch(() => undefined);
  return session;
}

class DockerExecSession implements ExecSession {
  private readonly relay = new OutputRelay();
  private ended = false;
  readonly exited: Promise<ExecExit>;

  constructor(
    private readonly docker: DockerClient,
    private readonly id: string,
    private readonly stream: Duplex,
    tty: boolean,
  ) {
    const demux = tty ? undefined : new DockerStreamDemux((c, s) => this.relay.emit(c, s));
    stream.on('data', (chunk: Buffer) => (demux ? demux.push(chunk) : this.relay.emit(chunk, 'stdout')));
    let streamError: string | undefined;
    stream.on('error', (e) => (streamError = e.message));
    this.exited = new Promise<void>((resolve) => stream.once('close', () => resolve())).then(() => this.finish(streamError));
  }

  onOutput(listener: (chunk: Buffer, stream: ExecStream) => void): void {
    this.relay.add(listener);
  }

  write(data: string | Buffer): void {
    if (!this.ended && this.stream.writable) this.stream.write(data);
  }

  endInput(): void {
    // Half-close: the engine sees end of input and still sends the rest of the output.
    this.stream.end();
  }

  async resize(cols: number, rows: number): Promise<void> {
    await this.docker.execResize(this.id, cols, rows);
  }

  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.stream.destroy();
  }

  private async finish(streamError: string | undefined): Promise<ExecExit> {
    this.ended = true;
    // The stream can close a moment before the engine records the exit status.
    for (let i = 0; i < 50; i++) {
      try {
        const s = await this.docker.execInspect(this.id);
        if (!s.Running && s.ExitCode !== null) return { code: s.ExitCode };
      } catch (err) {
        return { code: undefined, error: streamError ?? (err instanceof Error ? err.message : String(err)) };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return { code: undefined, error: streamError ?? 'The engine did not report how the command ended.' };
  }
}
