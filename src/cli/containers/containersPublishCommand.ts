import { dirname, join } from 'node:path';
import type { CliCommand } from '../cliCommand';
import { getEngine } from '../../containers/engineRegistry';
import { publishInstance } from '../../containers/lxdInstanceOps';
import { parseCliArgs } from '../parseCliArgs';

/** `containers publish <engine> <container> [--snapshot S] [--alias A]`: as `lxc publish`. */
export const containersPublishCommand: CliCommand<{ engine: string; fingerprint: string; alias: string | null }> = {
  name: 'containers publish',
  summary: 'make an image of an LXD container (stopped) or one of its snapshots, optionally with an alias',
  usage: '<engine> <container> [--snapshot S] [--alias A]',
  async run(ctx, args) {
    const { positionals: [engineName, instance], values } = parseCliArgs(args, { snapshot: { type: 'string' }, alias: { type: 'string' } }, 2);
    const catalog = await ctx.openCatalog();
    const engine = await getEngine(catalog, engineName);
    const fingerprint = await publishInstance(catalog, engine, { certDir: join(dirname(ctx.catalogFile), 'servercerts') }, { instance, snapshot: values.snapshot, alias: values.alias });
    return { engine: engine.name, fingerprint, alias: values.alias ?? null };
  },
  text: (r) => `published as ${r.alias ?? r.fingerprint.slice(0, 12)} on ${r.engine}`,
};
