import { checkRegistryImages, type OutdatedCheck } from '../../images/registryImages';
import type { CliCommand } from '../cliCommand';
import { parseCliArgs } from '../parseCliArgs';
import { withInterrupt } from './withInterrupt';

/** `images check-outdated`: HEAD requests only, anonymously (the CLI has no keychain). */
export const imagesCheckOutdatedCommand: CliCommand<OutdatedCheck> = {
  name: 'images check-outdated',
  summary: 'HEAD each registry image (anonymously) and mark local images whose digest changed Outdated',
  async run(ctx, args) {
    parseCliArgs(args, {}, 0);
    return withInterrupt(async (signal) => checkRegistryImages(await ctx.openCatalog(), undefined, { signal }));
  },
  text: (r) => [`checked ${r.checked}: ${r.changed.length} changed, ${r.outdated} local image(s) now outdated`, ...r.errors.map((e) => `  ${e.name}: ${e.message}`)].join('\n'),
};
