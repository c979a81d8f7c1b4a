import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../shared/logger';
import type { SecretStore } from '../shared/secrets';
import { DockerClient } from './dockerClient';
import { EngineError } from './engineError';
import type { EngineRecord } from './engineRecord';
import { EngineTransport, isHttpsEndpoint } from './engineTransport';
import { LxdClient } from './lxdClient';

/** What opening an engine needs from its host (extension, CLI or test). */
export interface EngineContext {
  /** Where server certificates accepted on first use are recorded, one `<engine id>.crt` each. */
  readonly certDir: string;
  readonly secrets?: SecretStore;
  readonly logger?: Logger;
}

export type EngineConnection =
  | { readonly kind: 'lxd'; readonly lxd: LxdClient; close(): void }
  | { readonly kind: 'podman' | 'docker'; readonly docker: DockerClient; close(): void };

/** SecretStorage key of a client key pasted in (rather than referenced by path). */
export function clientKeySecretName(engineId: number): string {
  return `containerCatalog.engine.${engineId}.clientKey`;
}

export function serverCertFile(ctx: EngineContext, engineId: number): string {
  return join(ctx.certDir, `${engineId}.crt`);
}

export async function openEngine(e: EngineRecord, ctx: EngineContext): Promise<EngineConnection> {
  if (e.kind === 'catalog' || !e.endpoint) {
    throw new EngineError('protocol', `"${e.name}" lives only in the catalog; it has no engine to talk to.`);
  }
  let clientCert: string | undefined;
  let clientKey: string | undefined;
  let serverCert: string | undefined;
  if (isHttpsEndpoint(e.endpoint)) {
    clientCert = e.clientCert ? await readPem(e.clientCert, 'client certificate') : undefined;
    clientKey = e.clientKey ? await readPem(e.clientKey, 'client key') : await ctx.secrets?.get(clientKeySecretName(e.id));
    serverCert = await readFile(serverCertFile(ctx, e.id), 'utf8').catch(() => undefined);
  }
  const transport = new EngineTransport({
    endpoint: e.endpoint,
    clientCert,
    clientKey,
    serverCert,
    onFirstServerCert: async (pem, fingerprint) => {
      await mkdir(ctx.certDir, { recursive: true });
      await writeFile(serverCertFile(ctx, e.id), pem, { mode: 0o644 });
      ctx.logger?.info(`Trusted the server certificate of ${e.name} on first use (sha256 ${fingerprint}).`);
    },
  });
  if (e.kind === 'lxd') return { kind: 'lxd', lxd: new LxdClient(transport), close: () => transport.close() };
  return {
    kind: e.kind,
    docker: new DockerClient(transport, e.kind === 'podman' ? 'Podman' : 'Docker'),
    close: () => transport.close(),
  };
}

async function readPem(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new EngineError('tls', `Cannot read the ${what} ${path}: ${(err as Error).message}`);
  }
}
