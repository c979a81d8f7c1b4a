import { addServer, readServerList } from '../../images/serverList';
import type { CliCommand } from '../cliCommand';
import { parseCliArgs } from '../parseCliArgs';

/** `images add-simplestreams <url>`: the list is the catalog's, shared with the extension. */
export const imagesAddSimplestreamsCommand: CliCommand<{ server: string; servers: string[] }> = {
  name: 'images add-simplestreams',
  summary: 'add an LXD/Incus simplestreams image server to the list (shared with the extension)',
  usage: '<url>',
  async run(ctx, args) {
    const [url] = parseCliArgs(args, {}, 1).positionals;
    const catalog = await ctx.openCatalog();
    // No seed: the CLI never adds the default server by itself.
    const server = await addServer(catalog, url, []);
    return { server, servers: await readServerList(catalog) };
  },
  text: (r) => `added ${r.server}\nservers:\n${r.servers.map((s) => `  ${s}`).join('\n')}`,
};
