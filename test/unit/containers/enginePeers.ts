import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineContext } from '../../../src/containers/engineConnection';

/** `export KEY=VALUE` lines with optional single or double quotes, as the peer scripts write them. */
function readEnvFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^export ([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    const v = m[2];
    out[m[1]] = /^(['"]).*\1$/.test(v) ? v.slice(1, -1) : v;
  }
  return out;
}

function peerEnv(peer: 'lxd' | 'lxd-cluster' | 'podman' | 'docker' | 'sshd', probe: string): (k: string) => string {
  let env: Record<string, string | undefined> = process.env;
  const file = join(process.cwd(), '.build', 'peers', `${peer}.env`);
  if (!env[probe] && existsSync(file)) env = { ...readEnvFile(file), ...process.env };
  return (k) => {
    const v = env[k];
    if (!v) {
      throw new Error(
        `${k} is not set: the ${peer} test peer is not running. Run "test/peers/${peer}.sh start" ` +
          `(writes .build/peers/${peer}.env) or "npm test".`,
      );
    }
    return v;
  };
}

export interface LxdPeer {
  readonly dir: string;
  readonly conf: string;
  readonly socket: string;
  readonly url: string;
  readonly serverCert: string;
  readonly clientCert: string;
  readonly clientKey: string;
  readonly untrustedCert: string;
  readonly untrustedKey: string;
  readonly bridge: string;
  readonly pool: string;
  readonly volume: string;
  readonly imageAlias: string;
  readonly containers: string[];
  readonly running: string;
}

export function lxdPeer(): LxdPeer {
  const need = peerEnv('lxd', 'CC_LXD_SOCKET');
  return {
    dir: need('CC_LXD_DIR'),
    conf: need('CC_LXD_CONF'),
    socket: need('CC_LXD_SOCKET'),
    url: need('CC_LXD_URL'),
    serverCert: need('CC_LXD_SERVER_CERT'),
    clientCert: need('CC_LXD_CLIENT_CERT'),
    clientKey: need('CC_LXD_CLIENT_KEY'),
    untrustedCert: need('CC_LXD_UNTRUSTED_CERT'),
    untrustedKey: need('CC_LXD_UNTRUSTED_KEY'),
    bridge: need('CC_LXD_BRIDGE'),
    pool: need('CC_LXD_POOL'),
    volume: need('CC_LXD_VOLUME'),
    imageAlias: need('CC_LXD_IMAGE_ALIAS'),
    containers: need('CC_LXD_CONTAINERS').split(' ').filter(Boolean),
    running: need('CC_LXD_RUNNING'),
  };
}

/** The three-member LXD cluster (test/peers/lxd-cluster.sh) on 127.0.0.2-4. */
export interface LxdClusterPeer {
  /** m1's unix socket (any member answers for the whole cluster). */
  readonly socket: string;
  readonly url: string;
  readonly members: string[];
  readonly imageAlias: string;
  readonly containers: string[];
  readonly script: string;
}

export function lxdClusterPeer(): LxdClusterPeer {
  const need = peerEnv('lxd-cluster', 'CC_LXDC_SOCKET');
  return {
    socket: need('CC_LXDC_SOCKET'),
    url: need('CC_LXDC_URL'),
    members: need('CC_LXDC_MEMBERS').split(' ').filter(Boolean),
    imageAlias: need('CC_LXDC_IMAGE_ALIAS'),
    containers: need('CC_LXDC_CONTAINERS').split(' ').filter(Boolean),
    script: need('CC_LXDC_PEER'),
  };
}

/** `lxd-cluster.sh stop-member|start-member <m>`: one member's daemon down or up again (it waits until online). */
export function clusterMember(peer: LxdClusterPeer, action: 'stop-member' | 'start-member', member: string): void {
  execFileSync('bash', [peer.script, action, member], { stdio: ['ignore', 'ignore', 'pipe'] });
}

const LOOPBACK_PROXY = {
  HTTPS_PROXY: 'http://127.0.0.1:9',
  HTTP_PROXY: 'http://127.0.0.1:9',
  NO_PROXY: '127.0.0.1,localhost,::1',
};

/** Runs the real `lxc` client against the peer (an independent view of what LXD holds). */
export function lxc(peer: LxdPeer, args: string[], input?: string): string {
  const r = spawnSync('lxc', args, {
    input,
    encoding: 'utf8',
    env: { ...process.env, ...LOOPBACK_PROXY, LXD_DIR: peer.dir, LXD_CONF: peer.conf },
  });
  if (r.status !== 0) throw new Error(`lxc ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}

/** `lxc query` of an API path, parsed. */
export function lxcQuery<T>(peer: LxdPeer, path: string): T {
  return JSON.parse(lxc(peer, ['query', path])) as T;
}

/** What the Podman and Docker peers both provide: an Engine API socket and the same kinds of objects. */
export interface EngineApiPeer {
  readonly socket: string;
  readonly image: string;
  readonly network: string;
  readonly volume: string;
  readonly port: string;
  readonly containers: string[];
  readonly running: string;
}

export interface PodmanPeer extends EngineApiPeer {
  readonly containersConf: string;
  readonly storageConf: string;
  readonly registriesConf: string;
}

export function podmanPeer(): PodmanPeer {
  const need = peerEnv('podman', 'CC_PODMAN_SOCKET');
  return {
    socket: need('CC_PODMAN_SOCKET'),
    containersConf: need('CC_PODMAN_CONTAINERS_CONF'),
    storageConf: need('CC_PODMAN_STORAGE_CONF'),
    registriesConf: need('CC_PODMAN_REGISTRIES_CONF'),
    image: need('CC_PODMAN_IMAGE'),
    network: need('CC_PODMAN_NETWORK'),
    volume: need('CC_PODMAN_VOLUME'),
    port: need('CC_PODMAN_PORT'),
    containers: need('CC_PODMAN_CONTAINERS').split(' ').filter(Boolean),
    running: need('CC_PODMAN_RUNNING'),
  };
}

/** Runs the real `podman` CLI with the peer's private configuration. */
export function podman(peer: PodmanPeer, args: string[]): string {
  return execFileSync('podman', args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      CONTAINERS_CONF: peer.containersConf,
      CONTAINERS_STORAGE_CONF: peer.storageConf,
      CONTAINERS_REGISTRIES_CONF: peer.registriesConf,
    },
  });
}

/** Stops/starts only the peer's API service, for the "engine down" tests. */
export function podmanService(action: 'service-stop' | 'service-start'): void {
  execFileSync('bash', [join(process.cwd(), 'test', 'peers', 'podman.sh'), action], { stdio: 'inherit' });
}

export function dockerPeer(): EngineApiPeer {
  const need = peerEnv('docker', 'CC_DOCKER_SOCKET');
  return {
    socket: need('CC_DOCKER_SOCKET'),
    image: need('CC_DOCKER_IMAGE'),
    network: need('CC_DOCKER_NETWORK'),
    volume: need('CC_DOCKER_VOLUME'),
    port: need('CC_DOCKER_PORT'),
    containers: need('CC_DOCKER_CONTAINERS').split(' ').filter(Boolean),
    running: need('CC_DOCKER_RUNNING'),
  };
}

/** Runs the real `docker` CLI (Debian's docker.io) against the peer's private daemon. */
export function docker(peer: EngineApiPeer, args: string[]): string {
  return execFileSync('/usr/bin/docker', ['-H', `unix://${peer.socket}`, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Takes the Docker peer's API socket away and back (the daemon and its containers keep running). */
export function dockerService(action: 'service-stop' | 'service-start'): void {
  execFileSync('bash', [join(process.cwd(), 'test', 'peers', 'docker.sh'), action], { stdio: 'inherit' });
}

/** An engine context whose trust-on-first-use certificates go to a fresh temp folder. */
export function testEngineContext(): EngineContext {
  return { certDir: mkdtempSync(join(tmpdir(), 'cc-servercerts-')) };
}

/** The private sshd peer (test/peers/sshd.sh) on 127.0.0.1, in front of the Podman peer's socket. */
export interface SshdPeer {
  readonly port: number;
  readonly user: string;
  readonly key: string;
  readonly passKey: string;
  readonly passphrase: string;
  readonly hostKeyPub: string;
  readonly knownHosts: string;
  readonly knownHostsWrong: string;
}

export function sshdPeer(): SshdPeer {
  const need = peerEnv('sshd', 'CC_SSHD_PORT');
  return {
    port: Number(need('CC_SSHD_PORT')),
    user: need('CC_SSHD_USER'),
    key: need('CC_SSHD_KEY'),
    passKey: need('CC_SSHD_PASS_KEY'),
    passphrase: need('CC_SSHD_PASSPHRASE'),
    hostKeyPub: need('CC_SSHD_HOST_KEY_PUB'),
    knownHosts: need('CC_SSHD_KNOWN_HOSTS'),
    knownHostsWrong: need('CC_SSHD_KNOWN_HOSTS_WRONG'),
  };
}

/** The Docker peer's TLS listener (`--tlsverify` on 127.0.0.1) and two DOCKER_CERT_PATH folders: trusted and not. */
export interface DockerTlsPeer {
  readonly host: string;
  readonly certPath: string;
  readonly badCertPath: string;
}

export function dockerTlsPeer(): DockerTlsPeer {
  const need = peerEnv('docker', 'CC_DOCKER_TLS_HOST');
  return { host: need('CC_DOCKER_TLS_HOST'), certPath: need('CC_DOCKER_CERT_PATH'), badCertPath: need('CC_DOCKER_BAD_CERT_PATH') };
}
