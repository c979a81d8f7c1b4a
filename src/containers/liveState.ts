import type { DockerContainer } from './dockerApi';
import type { EngineConnection } from './engineConnection';
import { EngineError } from './engineError';

/** Runtime state, read from the engine when shown and never written to the catalog (as in LXD's design). */
export interface LiveState {
  /** Normalised: Running, Stopped, Frozen, Created, Paused, Exited, … as the engine words it. */
  readonly status: string;
  readonly running: boolean;
  readonly ipv4: readonly string[];
  readonly pid?: number;
  /** LXD cluster: the member the instance lives on (asked with the state, never stored). */
  readonly location?: string;
}

/** State of every container of an engine in one request. */
export async function readLiveStates(conn: EngineConnection, signal?: AbortSignal): Promise<Map<string, LiveState>> {
  const out = new Map<string, LiveState>();
  if (conn.kind === 'lxd') {
    for (const [name, s] of await conn.lxd.states(signal)) {
      const ipv4: string[] = [];
      for (const [ifname, nic] of Object.entries(s.network ?? {})) {
        if (ifname === 'lo') continue;
        for (const a of nic.addresses ?? []) if (a.family === 'inet' && a.scope === 'global') ipv4.push(a.address);
      }
      const location = s.location && s.location !== 'none' ? s.location : undefined;
      out.set(name, { status: s.status, running: s.status === 'Running', ipv4, pid: s.pid || undefined, location });
    }
    return out;
  }
  for (const c of await conn.docker.containers(signal)) {
    const ipv4 = Object.values(c.NetworkSettings?.Networks ?? {})
      .map((n) => n.IPAddress)
      .filter((ip): ip is string => !!ip);
    for (const n of c.Names) out.set(n.replace(/^\//, ''), { status: statusWord(c.State), running: c.State === 'running', ipv4 });
  }
  return out;
}

/**
 * State of one container (its panel), undefined when the engine does not know it. Podman/Docker: the
 * container's inspect, since their list has no PID.
 */
export async function readLiveState(conn: EngineConnection, name: string, signal?: AbortSignal): Promise<LiveState | undefined> {
  if (conn.kind === 'lxd') return (await readLiveStates(conn, signal)).get(name);
  try {
    return inspectedState(await conn.docker.inspect(name, signal), true);
  } catch (e) {
    if (e instanceof EngineError && e.status === 404) return undefined;
    throw e;
  }
}

/**
 * A Podman/Docker container's state from its inspect; without `withPid`, exactly what the engine's
 * container list gives (readLiveStates), so a row drawn from either looks the same.
 */
export function inspectedState(c: DockerContainer, withPid: boolean): LiveState {
  const ipv4 = Object.values(c.NetworkSettings?.Networks ?? {})
    .map((n) => n.IPAddress)
    .filter((ip): ip is string => !!ip);
  const state = { status: statusWord(c.State?.Status), running: c.State?.Running === true, ipv4 };
  return withPid ? { ...state, pid: c.State?.Pid || undefined } : state;
}

function statusWord(state: string | undefined): string {
  return state ? state.charAt(0).toUpperCase() + state.slice(1) : 'Unknown';
}
