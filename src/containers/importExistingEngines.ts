import { homedir, userInfo } from 'node:os';
import type { Catalog } from '../store/catalog';
import { readDockerContexts } from './dockerContexts';
import { readEnvironmentEngines } from './environmentEngines';
import type { EngineRecord } from './engineRecord';
import { addEngine } from './engineRegistry';
import type { FoundEngine, ToolConfigPlaces } from './foundEngine';
import { readPodmanConnections } from './podmanConnections';

/** The real places, from this process's environment. */
export function defaultToolPlaces(env: NodeJS.ProcessEnv = process.env): ToolConfigPlaces {
  return {
    home: homedir(),
    dockerConfig: env.DOCKER_CONFIG || undefined,
    xdgConfigHome: env.XDG_CONFIG_HOME || undefined,
    containersConf: env.CONTAINERS_CONF || undefined,
    localUser: userInfo().username,
    env: {
      DOCKER_HOST: env.DOCKER_HOST,
      DOCKER_TLS_VERIFY: env.DOCKER_TLS_VERIFY,
      DOCKER_TLS: env.DOCKER_TLS,
      DOCKER_CERT_PATH: env.DOCKER_CERT_PATH,
      CONTAINER_HOST: env.CONTAINER_HOST,
      CONTAINER_SSHKEY: env.CONTAINER_SSHKEY,
    },
  };
}

/**
 * Every Docker context and Podman connection the user has, and the engines DOCKER_HOST and CONTAINER_HOST
 * name, usable or not (with the reason). Reads files and the environment only.
 */
export async function findExistingEngines(places: ToolConfigPlaces): Promise<FoundEngine[]> {
  return [...(await readEnvironmentEngines(places)), ...(await readDockerContexts(places)), ...(await readPodmanConnections(places))];
}

export interface ImportEnginesResult {
  readonly added: EngineRecord[];
  /** The ones not recorded, each with why (already connected, a missing key file, …). */
  readonly skipped: { readonly origin: string; readonly reason: string }[];
}

/**
 * Records the chosen engines, each as `addEngine` would (same checks, nothing contacted). One that cannot be
 * recorded is reported and the others still are: each is a row of its own, never half-created.
 */
export async function importFoundEngines(catalog: Catalog, found: readonly FoundEngine[]): Promise<ImportEnginesResult> {
  const added: EngineRecord[] = [];
  const skipped: { origin: string; reason: string }[] = [];
  for (const f of found) {
    if (!f.engine) {
      skipped.push({ origin: f.origin, reason: f.problem ?? 'Not usable.' });
      continue;
    }
    try {
      added.push(await addEngine(catalog, f.engine));
    } catch (err) {
      skipped.push({ origin: f.origin, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return { added, skipped };
}
