import type { CliCommand } from '../cliCommand';
import type { ContainerSummary } from '../../containers/catalogReads';
import { listContainerSummaries } from '../../containers/containerSummaries';
import { getEngine } from '../../containers/engineRegistry';
import { parseCliArgs } from '../parseCliArgs';

/** `containers list [--engine N]`: the catalog's containers (not their live state). */
export const containersListCommand: CliCommand<ContainerSummary[]> = {
  name: 'containers list',
  summary: 'containers in the catalog (not their live state)',
  usage: '[--engine N]',
  async run(ctx, args) {
    const { values } = parseCliArgs(args, { engine: { type: 'string' } }, 0);
    const catalog = await ctx.openCatalog();
    const engineId = values.engine ? (await getEngine(catalog, values.engine)).id : undefined;
    return listContainerSummaries(catalog, { engineId });
  },
  text: (rows) => rows.map((r) => `${r.engine}/${r.name}  profiles: ${r.profiles.join(', ') || '-'}  snapshots: ${r.snapshots}`).join('\n') || '(no containers)',
};
