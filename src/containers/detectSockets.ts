import { statSync } from 'node:fs';
import { join } from 'node:path';

export type SocketKind = 'lxd' | 'podman' | 'docker';

export interface DetectedSocket {
  readonly kind: SocketKind;
  readonly path: string;
  /** Where the candidate came from, shown next to it in the picker. */
  readonly origin: string;
}

/** The usual places engines put their API sockets, in the order they are offered. */
export function candidateSockets(env: NodeJS.ProcessEnv = process.env): DetectedSocket[] {
  const out: DetectedSocket[] = [];
  if (env.LXD_DIR) out.push({ kind: 'lxd', path: join(env.LXD_DIR, 'unix.socket'), origin: '$LXD_DIR' });
  out.push(
    { kind: 'lxd', path: '/var/snap/lxd/common/lxd/unix.socket', origin: 'LXD (snap)' },
    { kind: 'lxd', path: '/var/lib/lxd/unix.socket', origin: 'LXD' },
    { kind: 'lxd', path: '/var/lib/incus/unix.socket', origin: 'Incus' },
    { kind: 'podman', path: '/run/podman/podman.sock', origin: 'Podman (rootful)' },
  );
  if (env.XDG_RUNTIME_DIR) {
    out.push({ kind: 'podman', path: join(env.XDG_RUNTIME_DIR, 'podman', 'podman.sock'), origin: 'Podman (rootless)' });
  }
  out.push({ kind: 'docker', path: '/var/run/docker.sock', origin: 'Docker' });
  return out;
}

/** Candidates that exist as sockets right now (no connection is attempted). */
export function detectSockets(env: NodeJS.ProcessEnv = process.env): DetectedSocket[] {
  const seen = new Set<string>();
  return candidateSockets(env).filter((c) => {
    if (seen.has(c.path)) return false;
    seen.add(c.path);
    try {
      return statSync(c.path).isSocket();
    } catch {
      return false;
    }
  });
}
