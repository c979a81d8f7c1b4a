import { dirname, join } from 'node:path';
import type { CliCommand } from '../cliCommand';
import { getEngine } from '../../containers/engineRegistry';
import { copyInstance } from '../../containers/lxdInstanceOps';
import { parseCliArgs } from '../parseCliArgs';

/** `containers copy <engine> <container> <target> [--snapshot S]`: as `lxc copy` on one server. */
export const containersCopyCommand: CliCommand<{ engine: string; source: string; target: string }> = {
  name: 'containers copy',
  summary: 'copy an LXD container (or one of its snapshots) to a new, stopped container',
  usage: '<engine> <container> <target> [--snapshot S]',
  async run(ctx, args) {
    const { positionals: [engineName, source, target], values } = parseCliArgs(args, { snapshot: { type: 'string' } }, 3);
    const catalog = await ctx.openCatalog();
    const engine = await getEngine(catalog, engineName);
    await copyInstance(catalog, engine, { certDir: join(dirname(ctx.catalogFile), 'servercerts') }, { source, snapshot: values.snapshot, target });
    return { engine: engine.name, source, target };
  },
  text: (r) => `copied ${r.source} to ${r.target} on ${r.engine}`,
};
