import type { EngineConnection } from './engineConnection';

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
    const status = c.State ? c.State.charAt(0).toUpperCase() + c.State.slice(1) : 'Unknown';
    for (const n of c.Names) out.set(n.replace(/^\//, ''), { status, running: c.State === 'running', ipv4 });
  }
  return out;
}
