import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FoundEngine, ToolConfigPlaces } from './foundEngine';
import { remoteEngineSpec } from './remoteEngineSpec';

interface ContextMeta {
  Name?: unknown;
  Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } };
}

/**
 * The Docker CLI's contexts: `<DOCKER_CONFIG>/contexts/meta/<sha256 of name>/meta.json` with the docker
 * endpoint's Host, and TLS material in `contexts/tls/<same folder>/docker/{ca,cert,key}.pem`. The built-in
 * `default` context has no file and is the local socket, which the socket detection already offers.
 */
export async function readDockerContexts(places: ToolConfigPlaces): Promise<FoundEngine[]> {
  const base = join(places.dockerConfig ?? join(places.home, '.docker'), 'contexts');
  const dirs = await readdir(join(base, 'meta')).catch(() => [] as string[]);
  const out: FoundEngine[] = [];
  for (const dir of dirs.sort()) {
    const file = join(base, 'meta', dir, 'meta.json');
    let meta: ContextMeta;
    try {
      meta = JSON.parse(await readFile(file, 'utf8')) as ContextMeta;
    } catch (err) {
      out.push({ origin: `Docker context in ${dir}`, file, problem: `Cannot read it: ${(err as Error).message}` });
      continue;
    }
    const name = typeof meta.Name === 'string' ? meta.Name : dir;
    const origin = `Docker context "${name}"`;
    const ep = meta.Endpoints?.docker;
    if (typeof ep?.Host !== 'string' || !ep.Host) {
      out.push({ origin, file, problem: 'It names no Docker endpoint.' });
      continue;
    }
    if (ep.SkipTLSVerify === true) {
      out.push({ origin, file, problem: 'It skips TLS verification; the catalog only talks to engines it can verify.' });
      continue;
    }
    const tls = join(base, 'tls', dir, 'docker');
    const hasTls = !!(await stat(join(tls, 'cert.pem')).catch(() => undefined));
    const spec = remoteEngineSpec('docker', ep.Host, places, hasTls ? { cert: join(tls, 'cert.pem'), key: join(tls, 'key.pem') } : undefined);
    out.push('problem' in spec ? { origin, file, problem: spec.problem } : { origin, file, engine: { ...spec, name: `docker ${name}` } });
  }
  return out;
}
