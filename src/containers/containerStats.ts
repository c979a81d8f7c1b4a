import { createInterface } from 'node:readline';
import type { EngineConnection } from './engineConnection';
import { EngineError } from './engineError';
import type { LxdInstanceState } from './lxdApi';

/** One reading of a running container's resources. Live only: never stored. `null` where the engine does not say. */
export interface ContainerStatsSample {
  /** Share of one CPU, in percent (200 = two CPUs busy); null until two readings exist. */
  readonly cpuPercent: number | null;
  readonly memoryBytes: number;
  readonly memoryLimitBytes: number | null;
  readonly netRxBytes: number;
  readonly netTxBytes: number;
  /** Bytes read and written by block devices (Engine API); LXD's instance state does not give them. */
  readonly blockReadBytes: number | null;
  readonly blockWriteBytes: number | null;
  /** Processes (Engine API pids_stats, LXD processes). */
  readonly processes: number | null;
}

export interface StatsFollow {
  onSample(listener: (s: ContainerStatsSample) => void): void;
  /** Stops reading (the engine's stream or the polling). */
  close(): void;
  /** Settles when the readings end: closed, the container stopped, or the engine went away (`error`). */
  readonly done: Promise<{ error?: string }>;
}

/**
 * Follows a container's CPU, memory, network and block IO. Podman/Docker: the engine's own stream
 * (`/containers/<id>/stats?stream=1`, one document a second). LXD: the instance state polled every
 * `intervalMs`, the CPU share from the change of its CPU time between two polls. With `once`, one sample
 * (with a CPU figure: the engines take two readings) and done.
 */
export async function followContainerStats(conn: EngineConnection, name: string, opts: { once?: boolean; intervalMs?: number } = {}): Promise<StatsFollow> {
  const listeners: ((s: ContainerStatsSample) => void)[] = [];
  const emit = (s: ContainerStatsSample): void => listeners.forEach((l) => l(s));
  const ac = new AbortController();
  let finish!: (r: { error?: string }) => void;
  const done = new Promise<{ error?: string }>((r) => (finish = r));
  const fail = (e: unknown): void => finish(ac.signal.aborted ? {} : { error: e instanceof Error ? e.message : String(e) });

  if (conn.kind === 'lxd') {
    const lxd = conn.lxd;
    const interval = opts.intervalMs ?? 2000;
    const read = async (): Promise<{ at: bigint; st: LxdInstanceState }> => {
      const st = await lxd.state(name, ac.signal);
      if (st.status_code !== 103 && st.status !== 'Running') throw new EngineError('api', `${name} is not running (${st.status}).`);
      return { at: process.hrtime.bigint(), st };
    };
    // The first reading fails here (unknown container, engine down) rather than in an empty view.
    let prev = await read();
    void (async () => {
      try {
        for (;;) {
          await new Promise((r) => setTimeout(r, opts.once ? 1000 : interval));
          if (ac.signal.aborted) return finish({});
          const next = await read();
          emit(lxdSample(prev, next));
          prev = next;
          if (opts.once) return finish({});
        }
      } catch (e) {
        fail(e);
      }
    })();
  } else {
    const res = await conn.docker.stats(name, { stream: !opts.once, signal: ac.signal });
    const lines = createInterface({ input: res, crlfDelay: Infinity });
    lines.on('line', (line) => {
      if (!line.trim()) return;
      try {
        emit(engineSample(JSON.parse(line) as EngineStats));
      } catch {
        // A partial document when the stream is cut: the end below says why.
      }
    });
    res.on('error', fail);
    // readline passes its input's errors on; `res` above already reports them.
    lines.on('error', () => undefined);
    res.on('end', () => (res.complete || ac.signal.aborted ? finish({}) : finish({ error: `${name}: the engine closed the stats stream.` })));
    res.on('close', () => (res.complete || ac.signal.aborted ? finish({}) : finish({ error: `${name}: the connection to the engine was lost.` })));
  }
  return {
    onSample: (l) => void listeners.push(l),
    close: () => {
      ac.abort();
      finish({});
    },
    done,
  };
}

function lxdSample(a: { at: bigint; st: LxdInstanceState }, b: { at: bigint; st: LxdInstanceState }): ContainerStatsSample {
  const wall = Number(b.at - a.at);
  const cpu = (b.st.cpu?.usage ?? 0) - (a.st.cpu?.usage ?? 0);
  let rx = 0;
  let tx = 0;
  for (const [iface, n] of Object.entries(b.st.network ?? {})) {
    if (iface === 'lo') continue;
    rx += n.counters?.bytes_received ?? 0;
    tx += n.counters?.bytes_sent ?? 0;
  }
  return {
    cpuPercent: wall > 0 && b.st.cpu?.usage !== undefined ? Math.max(0, (cpu / wall) * 100) : null,
    memoryBytes: b.st.memory?.usage ?? 0,
    memoryLimitBytes: null,
    netRxBytes: rx,
    netTxBytes: tx,
    blockReadBytes: null,
    blockWriteBytes: null,
    processes: b.st.processes ?? null,
  };
}

/** The Engine API's stats document (Docker and Podman's compat API), the fields read here. */
interface EngineStats {
  cpu_stats?: { cpu_usage?: { total_usage?: number; percpu_usage?: number[] }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number; limit?: number; stats?: { cache?: number; inactive_file?: number } };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: { op: string; value: number }[] | null };
  pids_stats?: { current?: number };
}

/** `docker stats`'s own arithmetic: the container's CPU time over the host's, times the CPUs; memory without the page cache. */
function engineSample(d: EngineStats): ContainerStatsSample {
  const cpu = (d.cpu_stats?.cpu_usage?.total_usage ?? 0) - (d.precpu_stats?.cpu_usage?.total_usage ?? 0);
  const system = (d.cpu_stats?.system_cpu_usage ?? 0) - (d.precpu_stats?.system_cpu_usage ?? 0);
  const cpus = d.cpu_stats?.online_cpus || d.cpu_stats?.cpu_usage?.percpu_usage?.length || 1;
  const cache = d.memory_stats?.stats?.inactive_file ?? d.memory_stats?.stats?.cache ?? 0;
  let rx = 0;
  let tx = 0;
  for (const n of Object.values(d.networks ?? {})) {
    rx += n.rx_bytes ?? 0;
    tx += n.tx_bytes ?? 0;
  }
  let read: number | null = null;
  let write: number | null = null;
  for (const e of d.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = e.op.toLowerCase();
    if (op === 'read') read = (read ?? 0) + e.value;
    if (op === 'write') write = (write ?? 0) + e.value;
  }
  const limit = d.memory_stats?.limit;
  return {
    cpuPercent: system > 0 && d.precpu_stats?.system_cpu_usage ? Math.max(0, (cpu / system) * cpus * 100) : null,
    memoryBytes: Math.max(0, (d.memory_stats?.usage ?? 0) - cache),
    // Without a limit the engines report the host's memory (or a huge number): shown as none.
    memoryLimitBytes: limit && limit < 2 ** 60 ? limit : null,
    netRxBytes: rx,
    netTxBytes: tx,
    blockReadBytes: read ?? (d.blkio_stats ? 0 : null),
    blockWriteBytes: write ?? (d.blkio_stats ? 0 : null),
    processes: d.pids_stats?.current ?? null,
  };
}
