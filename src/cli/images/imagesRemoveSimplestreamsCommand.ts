import { removeServer } from '../../images/serverList';
import type { CliCommand } from '../cliCommand';
import { parseCliArgs } from '../parseCliArgs';

/** `images remove-simplestreams <url>`: the server and the image sources it offered go; local images stay. */
export const imagesRemoveSimplestreamsCommand: CliCommand<{ server: string; removedRows: number }> = {
  name: 'images remove-simplestreams',
  summary: 'remove a simplestreams server and the image sources it offered (local images stay)',
  usage: '<url>',
  async run(ctx, args) {
    const [server] = parseCliArgs(args, {}, 1).positionals;
    const { removedRows } = await removeServer(await ctx.openCatalog(), server);
    return { server, removedRows };
  },
  text: (r) => `removed ${r.server} (${r.removedRows} image sources)`,
};
