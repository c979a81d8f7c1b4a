import { dirname, join } from 'node:path';
import type { CliCommand } from '../cliCommand';
import { removeEngineImage } from '../../containers/engineImages';
import { getEngine } from '../../containers/engineRegistry';
import { parseCliArgs } from '../parseCliArgs';

/** `images remove <engine> <image> [--force]`: an image by reference or id; one a container uses needs --force. */
export const imagesRemoveCommand: CliCommand<{ engine: string; removed: string }> = {
  name: 'images remove',
  summary: "remove an image from a Podman/Docker engine (the engine refuses one a container uses unless --force)",
  usage: '<engine> <image reference or id> [--force]',
  async run(ctx, args) {
    const { positionals, values } = parseCliArgs(args, { force: { type: 'boolean' } }, 2);
    const catalog = await ctx.openCatalog();
    const engine = await getEngine(catalog, positionals[0]);
    await removeEngineImage(catalog, engine, { certDir: join(dirname(ctx.catalogFile), 'servercerts') }, positionals[1], values.force ?? false);
    return { engine: engine.name, removed: positionals[1] };
  },
  text: (r) => `removed ${r.removed} from ${r.engine}`,
};
