import type { CliCommand } from '../cliCommand';
import { getEngine } from '../../containers/engineRegistry';
import { findContainersUsing } from '../../containers/findContainersUsing';
import type { ContainerRef } from '../../containers/usedBy';
import { parseCliArgs } from '../parseCliArgs';

/** `containers uses <network> [--engine N]`: the same used-by query as the view's "Find containers using…". */
export const containersUsesCommand: CliCommand<ContainerRef[]> = {
  name: 'containers uses',
  summary: 'containers that use a network (a nic on it, directly or through a profile)',
  usage: '<network> [--engine N]',
  async run(ctx, args) {
    const { positionals, values } = parseCliArgs(args, { engine: { type: 'string' } }, 1);
    const catalog = await ctx.openCatalog();
    const engineId = values.engine ? (await getEngine(catalog, values.engine)).id : undefined;
    return findContainersUsing(catalog, { kind: 'network', name: positionals[0], engineId });
  },
  text: (rows) => rows.map((r) => `${r.engine}/${r.name}`).join('\n') || '(none)',
};
