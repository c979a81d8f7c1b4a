import type { CliCommand } from '../cliCommand';
import { normalizeRegistryUrl } from '../../registries/registryUrl';
import { parseRegistryArgs } from './cliArgs';
import { cliRegistryService } from './cliRegistryService';

/** `registries add <url> [--name N] [--insecure] [--ca FILE]`: no login here (the CLI stores no secrets). */
export const registriesAddCommand: CliCommand<{ id: string; name: string; url: string; insecure: boolean; caFile: string | null; credentialsDropped: boolean }> = {
  name: 'registries add',
  usage: '<url> [--name N] [--insecure] [--ca FILE]',
  summary: 'add a registry (normalised URL; an already added one is refused)',
  async run(ctx, args) {
    const opts = parseRegistryArgs(args, ['name', 'insecure', 'ca'], 1);
    const service = cliRegistryService(() => ctx.openCatalog());
    const r = await service.add({ url: opts.positionals[0], name: opts.name, insecure: opts.insecure, caFile: opts.ca });
    // The address is parsed again only to say whether user:password@ was dropped from it.
    const credentialsDropped = normalizeRegistryUrl(opts.positionals[0]).credentialsDropped;
    return { id: r.id, name: r.name, url: r.url, insecure: r.insecure, caFile: r.caFile, credentialsDropped };
  },
  text: (r) =>
    [
      `added ${r.url} as "${r.name}" (id ${r.id})`,
      ...(r.credentialsDropped ? ['the user name and password in the address were not kept: log in from VS Code (the command line stores no passwords), or pass --user U --password-stdin to each command'] : []),
    ].join('\n'),
};
