import type { CliCommand } from '../cliCommand';
import { parseRegistryArgs } from './cliArgs';
import { cliRegistryService } from './cliRegistryService';

/** `registries remove <url>`: the registry and its tracked repositories. */
export const registriesRemoveCommand: CliCommand<{ removed: { id: string; name: string; url: string } }> = {
  name: 'registries remove',
  usage: '<url>',
  summary: 'remove a registry and its tracked repositories (VS Code deletes its saved login when a window next shows the view)',
  async run(ctx, args) {
    const opts = parseRegistryArgs(args, [], 1);
    const service = cliRegistryService(() => ctx.openCatalog());
    const r = await service.remove(opts.positionals[0]);
    return { removed: { id: r.id, name: r.name, url: r.url } };
  },
  text: (r) => `removed ${r.removed.url} ("${r.removed.name}")`,
};
