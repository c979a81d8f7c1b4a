import { dirname, join } from 'node:path';
import type { CliCommand } from '../cliCommand';
import { getEngine } from '../../containers/engineRegistry';
import { deleteEngineObject } from '../../containers/manageEngineObjects';
import { parseCliArgs } from '../parseCliArgs';
import { objectKindArg } from './objectKindArg';

/** `objects delete <engine> <network|volume|profile> <name> [--pool P]`: refused, naming them, while containers use it. */
export const objectsDeleteCommand: CliCommand<{ engine: string; kind: string; name: string }> = {
  name: 'objects delete',
  summary: 'delete a network, volume or profile from an engine (refused while the catalog knows containers using it)',
  usage: '<engine> <network|volume|profile> <name> [--pool P]',
  async run(ctx, args) {
    const { positionals: [engineName, word, name], values } = parseCliArgs(args, { pool: { type: 'string' } }, 3);
    const kind = objectKindArg(word);
    const catalog = await ctx.openCatalog();
    const engine = await getEngine(catalog, engineName);
    await deleteEngineObject(catalog, engine, { certDir: join(dirname(ctx.catalogFile), 'servercerts') }, { kind, name, pool: values.pool });
    return { engine: engine.name, kind, name };
  },
  text: (r) => `deleted ${r.kind} ${r.name} from ${r.engine}`,
};
