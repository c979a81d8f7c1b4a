import { v7 } from 'uuid';
import type { OneTimeStep } from './oneTimeStep';

/**
 * First seed: the well-known public registries. As a seed it runs once per catalog, so a registry the
 * user deletes stays deleted. URLs are in the registries service's normalised form (bare host).
 */
export const defaultRegistriesSeed: OneTimeStep = {
  kind: 'seed',
  name: '0001_default_registries',
  async run(em) {
    const defaults: Array<[name: string, url: string]> = [
      ['Docker Hub', 'docker.io'],
      ['GitHub Container Registry', 'ghcr.io'],
      ['Quay', 'quay.io'],
    ];
    for (const [name, url] of defaults) {
      await em.query(`INSERT INTO "registry" ("id", "name", "url") VALUES (?, ?, ?) ON CONFLICT ("url") DO NOTHING`, [v7(), name, url]);
    }
  },
};
