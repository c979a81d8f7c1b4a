import { startDockerExec } from './dockerExec';
import type { EngineConnection } from './engineConnection';
import type { ExecRequest, ExecSession } from './execSession';
import { startLxdExec } from './lxdExec';

/** The container is not running, so nothing can run in it; the face offers to start it. */
export class ContainerNotRunningError extends Error {
  constructor(
    readonly container: string,
    readonly status: string,
  ) {
    super(`${container} is not running (${status}). Start it first.`);
    this.name = 'ContainerNotRunningError';
  }
}

/**
 * The shell to open: the user's choice as given, else bash where the image has it and sh otherwise (one
 * round trip: the test runs inside the container).
 */
export function shellCommand(configured?: string): string[] {
  const chosen = configured?.trim();
  if (chosen) return [chosen];
  return ['/bin/sh', '-c', 'if [ -x /bin/bash ]; then exec /bin/bash; else exec /bin/sh; fi'];
}

/** Fails with ContainerNotRunningError unless the engine says the container runs now. */
export async function ensureRunning(conn: EngineConnection, name: string): Promise<void> {
  if (conn.kind === 'lxd') {
    const s = await conn.lxd.state(name);
    if (s.status !== 'Running') throw new ContainerNotRunningError(name, s.status);
    return;
  }
  const c = await conn.docker.inspect(name);
  if (!c.State.Running) throw new ContainerNotRunningError(name, c.State.Status);
}

/** Runs a command in a running container over the engine's own API (LXD exec websockets, Engine API hijack). */
export async function openContainerExec(conn: EngineConnection, name: string, req: ExecRequest): Promise<ExecSession> {
  await ensureRunning(conn, name);
  return conn.kind === 'lxd' ? startLxdExec(conn.lxd, name, req) : startDockerExec(conn.docker, name, req);
}
