import { dirname, join } from 'node:path';
import { CliUsageError, type CliCommand } from '../cliCommand';
import { getEngine } from '../../containers/engineRegistry';
import { createEngineObject } from '../../containers/manageEngineObjects';
import { parseCliArgs } from '../parseCliArgs';
import { objectKindArg } from './objectKindArg';

/** `objects create <engine> <network|volume|profile> <name> [--pool P] [--description D] [--config K=V]…`. */
export const objectsCreateCommand: CliCommand<{ engine: string; kind: string; name: string }> = {
  name: 'objects create',
  summary: 'create a network or volume (any engine) or a profile (LXD) on an engine',
  usage: '<engine> <network|volume|profile> <name> [--pool P] [--description D] [--config K=V]…',
  async run(ctx, args) {
    const { positionals: [engineName, word, name], values: v } = parseCliArgs(args, { pool: { type: 'string' }, description: { type: 'string' }, config: { type: 'string', multiple: true } }, 3);
    const kind = objectKindArg(word);
    const config: Record<string, string> = {};
    for (const kv of v.config ?? []) {
      const eq = kv.indexOf('=');
      if (eq < 1) throw new CliUsageError(`--config takes KEY=VALUE, not "${kv}"`);
      config[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    const catalog = await ctx.openCatalog();
    const engine = await getEngine(catalog, engineName);
    await createEngineObject(catalog, engine, { certDir: join(dirname(ctx.catalogFile), 'servercerts') }, { kind, name, pool: v.pool, description: v.description, config });
    return { engine: engine.name, kind, name };
  },
  text: (r) => `created ${r.kind} ${r.name} on ${r.engine}`,
};
