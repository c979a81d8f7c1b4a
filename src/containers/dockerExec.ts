import type { Duplex } from 'node:stream';
import { v7 } from 'uuid';
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
  // The Engine API has no call to end an exec: its processes carry this mark so close() can find them.
  const mark = v7();
  const env = Object.entries({ ...(req.tty ? { TERM: 'xterm-256color' } : {}), ...req.env, [SESSION_MARK]: mark }).map(([k, v]) => `${k}=${v}`);
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
  const session = new DockerExecSession(docker, name, id, stream, req.tty, mark);
  if (req.tty && req.cols && req.rows) await session.resize(req.cols, req.rows).catch(() => undefined);
  return session;
}

const SESSION_MARK = 'CONTAINER_CATALOG_EXEC';

/**
 * A script for `sh -c` that sends SIGHUP (what a closed terminal sends), then SIGKILL a second later, to
 * every process of the container whose environment holds the session's mark: the shell and whatever it
 * started. Only `tr` and the shell are needed, which BusyBox and every distribution have.
 */
function endMarkedProcesses(mark: string): string {
  const each = (signal: string) =>
    `for p in /proc/[0-9]*; do case "$(tr '\\0' ' ' 2>/dev/null < "$p/environ")" in *"${SESSION_MARK}=${mark} "*) kill -${signal} "\${p#/proc/}" 2>/dev/null;; esac; done`;
  return `${each('HUP')}; sleep 1; ${each('KILL')}; exit 0`;
}

class DockerExecSession implements ExecSession {
  private readonly relay = new OutputRelay();
  private ended = false;
  readonly exited: Promise<ExecExit>;

  constructor(
    private readonly docker: DockerClient,
    private readonly container: string,
    private readonly id: string,
    private readonly stream: Duplex,
    tty: boolean,
    private readonly mark: string,
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

  /**
   * Ends the session: the connection is dropped and, since dropping it does not end the exec on Podman
   * or Docker, the processes carrying this session's mark are signalled from a second exec.
   */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.stream.destroy();
    void this.endProcesses();
  }

  private async endProcesses(): Promise<void> {
    try {
      const killer = await startDockerExec(this.docker, this.container, { command: ['/bin/sh', '-c', endMarkedProcesses(this.mark)], tty: false });
      killer.endInput();
      await killer.exited;
    } catch {
      // The container or the engine is gone: so are the session's processes.
    }
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
