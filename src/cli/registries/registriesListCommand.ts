import type { CliCommand } from '../cliCommand';
import { parseRegistryArgs } from './cliArgs';
import { cliRegistryService } from './cliRegistryService';

export interface RegistryListing {
  id: string;
  name: string;
  url: string;
  loggedIn: boolean;
  username: string | null;
  verifiedAt: string | null;
  lastError: string | null;
  insecure: boolean;
  caFile: string | null;
  tracked: string[];
}

/** `registries list`: what the catalog holds (never a secret: there is none in it). */
export const registriesListCommand: CliCommand<{ registries: RegistryListing[] }> = {
  name: 'registries list',
  summary: 'the registries in the catalog, with login state and tracked repositories',
  async run(ctx, args) {
    parseRegistryArgs(args, [], 0);
    const service = cliRegistryService(() => ctx.openCatalog());
    const rows = await service.list();
    const registries: RegistryListing[] = [];
    for (const r of rows) {
      registries.push({
        id: r.id,
        name: r.name,
        url: r.url,
        loggedIn: r.loggedIn,
        username: r.username,
        verifiedAt: r.verifiedAt ? r.verifiedAt.toISOString() : null,
        lastError: r.lastError,
        insecure: r.insecure,
        caFile: r.caFile,
        tracked: await service.browser.trackedRepositories(r.id),
      });
    }
    return { registries };
  },
  text({ registries }) {
    if (!registries.length) return '(no registries)';
    const width = Math.max(...registries.map((r) => r.url.length));
    return registries
      .map((r) => {
        const state = r.loggedIn ? `logged in as ${r.username}${r.lastError ? ` (login failed: ${r.lastError})` : ''}` : 'anonymous';
        const tls = r.insecure ? ', insecure' : r.caFile ? `, CA ${r.caFile}` : '';
        return `${r.url.padEnd(width)}  ${r.name} — ${state}${tls}${r.tracked.length ? `; tracked: ${r.tracked.join(', ')}` : ''}`;
      })
      .join('\n');
  },
};
