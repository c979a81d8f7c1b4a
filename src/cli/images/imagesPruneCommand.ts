import { dirname, join } from 'node:path';
import type { CliCommand } from '../cliCommand';
import { planPrune, prune, type PrunePlan, type PruneResult } from '../../containers/engineImages';
import { getEngine } from '../../containers/engineRegistry';
import { formatSize } from '../../shared/formatSize';
import { parseCliArgs } from '../parseCliArgs';

type PruneOutcome = { plan: PrunePlan; done?: PruneResult };

/**
 * `images prune <engine> [--yes]`: lists the dangling images and stopped containers with the space they
 * take; only with --yes are exactly those removed (the list is the confirmation).
 */
export const imagesPruneCommand: CliCommand<PruneOutcome> = {
  name: 'images prune',
  summary: 'list dangling images and stopped containers of a Podman/Docker engine with their size; --yes removes exactly those',
  usage: '<engine> [--yes]',
  async run(ctx, args) {
    const { positionals, values } = parseCliArgs(args, { yes: { type: 'boolean' } }, 1);
    const catalog = await ctx.openCatalog();
    const engine = await getEngine(catalog, positionals[0]);
    const engineCtx = { certDir: join(dirname(ctx.catalogFile), 'servercerts') };
    const plan = await planPrune(engine, engineCtx);
    if (!values.yes) return { plan };
    return { plan, done: await prune(catalog, engine, engineCtx, plan) };
  },
  text: ({ plan, done }) =>
    [
      `${plan.engine}: ${plan.containers.length} stopped container(s), ${plan.images.length} dangling image(s), ${formatSize(plan.bytes)}`,
      ...plan.containers.map((c) => `  container ${c.name} (${c.image}) ${formatSize(c.size)}`),
      ...plan.images.map((i) => `  image ${i.id.replace(/^sha256:/, '').slice(0, 12)} ${formatSize(i.size)}`),
      done
        ? `removed ${done.removedContainers.length} container(s) and ${done.removedImages.length} image(s)${done.skipped.map((s) => `\n  skipped ${s.what}: ${s.why}`).join('')}`
        : 'nothing removed; run again with --yes to remove exactly these',
    ].join('\n'),
};
