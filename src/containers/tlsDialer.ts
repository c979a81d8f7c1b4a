import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { dirname, join } from 'node:path';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { EngineError } from './engineError';
import type { TcpEndpoint } from './remoteEndpoint';

/** The PEM files of a Docker TLS setup: `ca.pem`, `cert.pem`, `key.pem` in one folder (DOCKER_CERT_PATH). */
export interface DockerTlsMaterial {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

/** Reads the material for a tcp:// engine: the client certificate and key files, and `ca.pem` beside the certificate. */
export async function readDockerTlsMaterial(certFile: string, keyFile: string): Promise<DockerTlsMaterial> {
  const read = async (path: string, what: string): Promise<string> => {
    try {
      return await readFile(path, 'utf8');
    } catch (err) {
      throw new EngineError('tls', `Cannot read the ${what} ${path}: ${(err as Error).message}`);
    }
  };
  const ca = join(dirname(certFile), 'ca.pem');
  return { ca: await read(ca, 'CA certificate'), cert: await read(certFile, 'client certificate'), key: await read(keyFile, 'client key') };
}

/**
 * Opens TLS connections to a Docker daemon run with `--tlsverify`: its certificate must chain to the given
 * CA and name the host (as `docker --tlsverify` checks), and ours is offered for it to check. Resolves once
 * the handshake is done, so a wrong server is refused before any request is written.
 */
export function tlsDialer(ep: TcpEndpoint, label: string, m: DockerTlsMaterial): () => Promise<Duplex> {
  return () =>
    new Promise<Duplex>((resolve, reject) => {
      const s = tls.connect({
        host: ep.host,
        port: ep.port,
        servername: isIP(ep.host) ? undefined : ep.host,
        ca: m.ca,
        cert: m.cert,
        key: m.key,
        minVersion: 'TLSv1.2',
        rejectUnauthorized: true,
      });
      s.once('secureConnect', () => {
        s.removeListener('error', onError);
        resolve(s);
      });
      const onError = (e: NodeJS.ErrnoException): void => {
        s.destroy();
        reject(describeTlsError(e, label));
      };
      s.once('error', onError);
    });
}

/** Why a TLS connection to an engine failed, saying which side's certificate was the problem. */
export function describeTlsError(e: NodeJS.ErrnoException, label: string): EngineError {
  const code = e.code ?? '';
  if (['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT'].includes(code)) {
    return new EngineError('unreachable', `Cannot reach ${label} (${code}).`);
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO|ERR_TLS_CERT_ALTNAME/.test(code) && !/ALERT/.test(code)) {
    return new EngineError('tls', `${label}: the engine's certificate is not trusted by the given ca.pem (${e.message}). Refusing to talk to it.`);
  }
  if (/ALERT|alert/.test(code + ' ' + e.message)) {
    return new EngineError('tls', `${label}: the engine refused our client certificate (${e.message}). Is cert.pem signed by the CA the engine trusts?`);
  }
  return new EngineError('tls', `TLS with ${label} failed: ${e.message}`);
}
