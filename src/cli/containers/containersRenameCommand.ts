import { dirname, join } from 'node:path';
import type { CliCommand } from '../cliCommand';
import { getEngine } from '../../containers/engineRegistry';
import { renameInstance } from '../../containers/lxdInstanceOps';
import { parseCliArgs } from '../parseCliArgs';

/** `containers rename <engine> <container> <new-name>`: LXD refuses a running container. */
export const containersRenameCommand: CliCommand<{ engine: string; from: string; to: string }> = {
  name: 'containers rename',
  summary: 'rename a stopped LXD container',
  usage: '<engine> <container> <new-name>',
  async run(ctx, args) {
    const { positionals: [engineName, from, to] } = parseCliArgs(args, {}, 3);
    const catalog = await ctx.openCatalog();
    const engine = await getEngine(catalog, engineName);
    await renameInstance(catalog, engine, { certDir: join(dirname(ctx.catalogFile), 'servercerts') }, { name: from, newName: to });
    return { engine: engine.name, from, to };
  },
  text: (r) => `renamed ${r.from} to ${r.to} on ${r.engine}`,
};
