import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FoundEngine, ToolConfigPlaces } from './foundEngine';
import { remoteEngineSpec } from './remoteEngineSpec';

/**
 * The engines named by the shell environment the editor was started from: Docker's `DOCKER_HOST` (with
 * `DOCKER_TLS_VERIFY` and `DOCKER_CERT_PATH`, as the docker CLI reads them) and Podman's `CONTAINER_HOST`
 * (with `CONTAINER_SSHKEY`). Users who point their CLI at a remote engine this way expect the catalog to
 * see the same engine without being told twice.
 */
export async function readEnvironmentEngines(places: ToolConfigPlaces): Promise<FoundEngine[]> {
  const env = places.env ?? {};
  const out: FoundEngine[] = [];
  if (env.DOCKER_HOST) out.push(await dockerHost(places, env.DOCKER_HOST, env));
  if (env.CONTAINER_HOST) {
    const origin = 'CONTAINER_HOST';
    const spec = remoteEngineSpec('podman', env.CONTAINER_HOST, places, undefined, env.CONTAINER_SSHKEY || undefined);
    out.push('problem' in spec ? { origin, file: 'environment', problem: spec.problem } : { origin, file: 'environment', engine: { ...spec, name: 'podman (CONTAINER_HOST)' } });
  }
  return out;
}

async function dockerHost(places: ToolConfigPlaces, host: string, env: NonNullable<ToolConfigPlaces['env']>): Promise<FoundEngine> {
  const origin = 'DOCKER_HOST';
  const file = 'environment';
  let tls: { cert: string; key: string } | undefined;
  if (host.startsWith('tcp://')) {
    // The docker CLI verifies the engine only when DOCKER_TLS_VERIFY is set to something; DOCKER_TLS alone
    // encrypts without checking who answers, which the catalog does not do.
    if (!env.DOCKER_TLS_VERIFY) {
      const why = env.DOCKER_TLS ? 'DOCKER_TLS is set without DOCKER_TLS_VERIFY, so the engine would not be verified; the catalog only talks to engines it can verify.' : undefined;
      if (why) return { origin, file, problem: why };
    } else {
      const dir = env.DOCKER_CERT_PATH || join(places.dockerConfig ?? join(places.home, '.docker'));
      const cert = join(dir, 'cert.pem');
      if (!(await stat(cert).catch(() => undefined))) return { origin, file, problem: `DOCKER_TLS_VERIFY is set but ${cert} does not exist (DOCKER_CERT_PATH names the folder of ca.pem, cert.pem and key.pem).` };
      tls = { cert, key: join(dir, 'key.pem') };
    }
  }
  const spec = remoteEngineSpec('docker', host, places, tls);
  return 'problem' in spec ? { origin, file, problem: spec.problem } : { origin, file, engine: { ...spec, name: 'docker (DOCKER_HOST)' } };
}
