import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { Logger } from '../shared/logger';
import type { SecretStore } from '../shared/secrets';
import { DockerClient } from './dockerClient';
import { EngineError } from './engineError';
import type { EngineRecord } from './engineRecord';
import { EngineTransport } from './engineTransport';
import { isHttpsEndpoint } from './remoteEndpoint';
import { clientKeySecretName, sshSecretName } from './engineSecretNames';
import { KnownHosts } from './knownHosts';
import { LxdClient } from './lxdClient';
import { isSshEndpoint, isTcpEndpoint, parseSshEndpoint, parseTcpEndpoint } from './remoteEndpoint';
import { SshTunnel } from './sshTunnel';
import type { HostKeyQuestion } from './sshTunnel';
import { readDockerTlsMaterial, tlsDialer } from './tlsDialer';

/** What opening an engine needs from its host (extension, CLI or test). */
export interface EngineContext {
  /** Where server certificates accepted on first use are recorded, one `<engine id>.crt` each; also SSH host keys the user confirmed (`known_hosts`). */
  readonly certDir: string;
  readonly secrets?: SecretStore;
  readonly logger?: Logger;
  /** known_hosts files read for ssh:// engines besides our own; default `~/.ssh/known_hosts`. */
  readonly knownHostsFiles?: readonly string[];
  /** Asked about an SSH host key seen for the first time; without it such a host is refused. */
  readonly confirmHostKey?: (q: HostKeyQuestion) => Promise<boolean | undefined>;
  /** The ssh-agent socket; default `SSH_AUTH_SOCK`. `null`: use no agent. */
  readonly sshAgentSocket?: string | null;
}

export type EngineConnection =
  | { readonly kind: 'lxd'; readonly lxd: LxdClient; close(): void }
  | { readonly kind: 'podman' | 'docker'; readonly docker: DockerClient; close(): void };

export function serverCertFile(ctx: EngineContext, engineId: number): string {
  return join(ctx.certDir, `${engineId}.crt`);
}

/** The known_hosts file holding the SSH host keys confirmed in this program (the user's own stays untouched). */
export function knownHostsFile(ctx: EngineContext): string {
  return join(ctx.certDir, 'known_hosts');
}

export async function openEngine(e: EngineRecord, ctx: EngineContext): Promise<EngineConnection> {
  if (e.kind === 'catalog' || !e.endpoint) {
    throw new EngineError('protocol', `"${e.name}" lives only in the catalog; it has no engine to talk to.`);
  }
  let clientCert: string | undefined;
  let clientKey: string | undefined;
  let serverCert: string | undefined;
  let dial: (() => Promise<Duplex>) | undefined;
  let tunnel: SshTunnel | undefined;
  if (isHttpsEndpoint(e.endpoint)) {
    clientCert = e.clientCert ? await readPem(e.clientCert, 'client certificate') : undefined;
    clientKey = e.clientKey ? await readPem(e.clientKey, 'client key') : await ctx.secrets?.get(clientKeySecretName(e.id));
    serverCert = await readFile(serverCertFile(ctx, e.id), 'utf8').catch(() => undefined);
  } else if (isSshEndpoint(e.endpoint) || isTcpEndpoint(e.endpoint)) {
    if (e.kind === 'lxd') throw new EngineError('protocol', `LXD engines are reached over https://, not ${e.endpoint}.`);
    if (isSshEndpoint(e.endpoint)) {
      tunnel = await sshTunnel(e, e.kind, ctx);
      dial = () => tunnel!.dial();
    } else {
      if (!e.clientCert || !e.clientKey) throw new EngineError('tls', `${e.endpoint} needs a client certificate and key (cert.pem, key.pem, with ca.pem beside them).`);
      dial = tlsDialer(endpointOrThrow(() => parseTcpEndpoint(e.endpoint!)), e.endpoint, await readDockerTlsMaterial(e.clientCert, e.clientKey));
    }
  }
  const transport = new EngineTransport({
    endpoint: e.endpoint,
    clientCert,
    clientKey,
    serverCert,
    dial,
    onFirstServerCert: async (pem, fingerprint) => {
      await mkdir(ctx.certDir, { recursive: true });
      await writeFile(serverCertFile(ctx, e.id), pem, { mode: 0o644 });
      ctx.logger?.info(`Trusted the server certificate of ${e.name} on first use (sha256 ${fingerprint}).`);
    },
  });
  const close = (): void => {
    transport.close();
    tunnel?.close();
  };
  if (e.kind === 'lxd') return { kind: 'lxd', lxd: new LxdClient(transport), close };
  return { kind: e.kind, docker: new DockerClient(transport, e.kind === 'podman' ? 'Podman' : 'Docker'), close };
}

async function sshTunnel(e: EngineRecord, kind: 'podman' | 'docker', ctx: EngineContext): Promise<SshTunnel> {
  const endpoint = endpointOrThrow(() => parseSshEndpoint(e.endpoint!, kind));
  const sshDir = join(homedir(), '.ssh');
  // The engine's own key file when it has one; otherwise the ones `ssh` itself would try.
  const keyFiles = e.clientKey ? [e.clientKey] : ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => join(sshDir, f));
  const agent = ctx.sshAgentSocket === undefined ? process.env.SSH_AUTH_SOCK : (ctx.sshAgentSocket ?? undefined);
  return new SshTunnel({
    endpoint,
    label: e.endpoint!,
    knownHosts: new KnownHosts(ctx.knownHostsFiles ?? [join(sshDir, 'known_hosts')], knownHostsFile(ctx)),
    confirmHostKey: ctx.confirmHostKey,
    agentSocket: agent || undefined,
    keyFiles,
    passphrase: await ctx.secrets?.get(sshSecretName(e.id, 'passphrase')),
    password: await ctx.secrets?.get(sshSecretName(e.id, 'password')),
  });
}

function endpointOrThrow<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new EngineError('protocol', (err as Error).message);
  }
}

async function readPem(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new EngineError('tls', `Cannot read the ${what} ${path}: ${(err as Error).message}`);
  }
}
