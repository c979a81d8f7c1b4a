import { isIP } from 'node:net';

/** `ssh://user@host[:port][/path/to/socket]`: the engine's unix socket on another machine, reached over SSH. */
export interface SshEndpoint {
  readonly scheme: 'ssh';
  readonly user: string;
  readonly host: string;
  readonly port: number;
  /** The socket on the remote machine; the engine kind's usual one when the URL gives none. */
  readonly socketPath: string;
}

/** `tcp://host:port`: the Docker Engine API over TLS with client certificates (DOCKER_CERT_PATH layout). */
export interface TcpEndpoint {
  readonly scheme: 'tcp';
  readonly host: string;
  readonly port: number;
}

/** Where a rootful engine keeps its socket; rootless ones differ, so the URL may name its own. */
const DEFAULT_REMOTE_SOCKET: Readonly<Record<'podman' | 'docker', string>> = {
  podman: '/run/podman/podman.sock',
  docker: '/var/run/docker.sock',
};

export function isSshEndpoint(endpoint: string): boolean {
  return /^ssh:\/\//i.test(endpoint);
}

export function isTcpEndpoint(endpoint: string): boolean {
  return /^tcp:\/\//i.test(endpoint);
}

/** Parses an ssh:// endpoint; throws an Error naming what is wrong with it. */
export function parseSshEndpoint(endpoint: string, kind: 'podman' | 'docker'): SshEndpoint {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`Not a valid ssh:// URL: ${endpoint}`);
  }
  if (url.protocol !== 'ssh:') throw new Error(`Not an ssh:// URL: ${endpoint}`);
  if (url.password) throw new Error('Give no password in the ssh:// URL; it would be stored in the catalog. The password is asked for and kept in the secret store.');
  const user = decodeURIComponent(url.username);
  if (!user) throw new Error(`The ssh:// URL names no user: ssh://user@${url.host || 'host'}…`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host) throw new Error(`The ssh:// URL names no host: ${endpoint}`);
  const port = url.port ? Number(url.port) : 22;
  if (url.search || url.hash) throw new Error(`The ssh:// URL takes no query or fragment: ${endpoint}`);
  const path = decodeURIComponent(url.pathname);
  return { scheme: 'ssh', user, host, port, socketPath: path && path !== '/' ? path : DEFAULT_REMOTE_SOCKET[kind] };
}

/** Parses a tcp:// endpoint (host and port, nothing else); throws an Error naming what is wrong with it. */
export function parseTcpEndpoint(endpoint: string): TcpEndpoint {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`Not a valid tcp:// URL: ${endpoint}`);
  }
  if (url.protocol !== 'tcp:') throw new Error(`Not a tcp:// URL: ${endpoint}`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host || !url.port) throw new Error(`Give the host and port, e.g. tcp://${host || 'host'}:2376`);
  if (url.username || url.password || (url.pathname && url.pathname !== '/') || url.search || url.hash) {
    throw new Error(`Give the address only, e.g. tcp://${url.host}`);
  }
  return { scheme: 'tcp', host, port: Number(url.port) };
}

/** One spelling per address (so a re-add is seen as a duplicate): host lower-cased, IPv6 in brackets. */
export function normalizeRemoteEndpoint(e: SshEndpoint | TcpEndpoint): string {
  const host = isIP(e.host) === 6 ? `[${e.host}]` : e.host.toLowerCase();
  if (e.scheme === 'tcp') return `tcp://${host}:${e.port}`;
  const port = e.port === 22 ? '' : `:${e.port}`;
  return `ssh://${encodeURIComponent(e.user)}@${host}${port}${e.socketPath}`;
}

export function isHttpsEndpoint(endpoint: string): boolean {
  return /^https:\/\//i.test(endpoint);
}
