import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import type { FoundEngine, ToolConfigPlaces } from './foundEngine';
import { remoteEngineSpec } from './remoteEngineSpec';

interface Destination {
  uri?: unknown;
  identity?: unknown;
}

/**
 * Podman's system connections: `podman-connections.json` (Podman 5: `Connection.Connections.<name>.{URI,
 * Identity}`) and the older `[engine.service_destinations.<name>]` tables of containers.conf (`uri`,
 * `identity`), both under `$XDG_CONFIG_HOME/containers/`; CONTAINERS_CONF replaces the latter file.
 */
export async function readPodmanConnections(places: ToolConfigPlaces): Promise<FoundEngine[]> {
  const dir = join(places.xdgConfigHome ?? join(places.home, '.config'), 'containers');
  const out: FoundEngine[] = [];
  const add = (file: string, name: string, d: Destination): void => {
    const origin = `Podman connection "${name}"`;
    if (typeof d.uri !== 'string' || !d.uri) return void out.push({ origin, file, problem: 'It names no URI.' });
    const spec = remoteEngineSpec('podman', d.uri, places, undefined, typeof d.identity === 'string' ? d.identity : undefined);
    out.push('problem' in spec ? { origin, file, problem: spec.problem } : { origin, file, engine: { ...spec, name: `podman ${name}` } });
  };

  const jsonFile = join(dir, 'podman-connections.json');
  const json = await readFile(jsonFile, 'utf8').catch(() => undefined);
  if (json !== undefined) {
    try {
      const parsed = JSON.parse(json) as { Connection?: { Connections?: Record<string, { URI?: unknown; Identity?: unknown }> } };
      for (const [name, c] of Object.entries(parsed.Connection?.Connections ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
        add(jsonFile, name, { uri: c?.URI, identity: c?.Identity });
      }
    } catch (err) {
      out.push({ origin: 'Podman connections', file: jsonFile, problem: `Cannot read it: ${(err as Error).message}` });
    }
  }

  const confFile = places.containersConf ?? join(dir, 'containers.conf');
  const toml = await readFile(confFile, 'utf8').catch(() => undefined);
  if (toml !== undefined) {
    try {
      const conf = parse(toml) as { engine?: { service_destinations?: Record<string, Destination> } };
      for (const [name, d] of Object.entries(conf.engine?.service_destinations ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
        // Podman 5 moved these into podman-connections.json; the same name there wins.
        if (out.some((f) => f.origin === `Podman connection "${name}"`)) continue;
        add(confFile, name, d);
      }
    } catch (err) {
      out.push({ origin: 'containers.conf', file: confFile, problem: `Cannot read it: ${(err as Error).message}` });
    }
  }
  return out;
}
