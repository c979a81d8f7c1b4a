import { readFile } from 'node:fs/promises';
import type { CliCommand } from '../cliCommand';
import { LOCAL_CATALOG_ENGINE_NAME } from '../../entities/Engine';
import { getEngine } from '../../containers/engineRegistry';
import { importProfile } from '../../containers/yamlTransfer';
import { parseCliArgs } from '../parseCliArgs';

/** `profiles import <file> [--engine N] [--name N]`: into the local catalog as a draft unless --engine says otherwise. */
export const profilesImportCommand: CliCommand<{ engine: string; profile: string }> = {
  name: 'profiles import',
  summary: 'import profile YAML into the catalog (default: the local catalog, as a draft)',
  usage: '<file> [--engine N] [--name N]',
  async run(ctx, args) {
    const { positionals, values } = parseCliArgs(args, { engine: { type: 'string' }, name: { type: 'string' } }, 1);
    let text: string;
    try {
      text = await readFile(positionals[0], 'utf8');
    } catch (e) {
      throw new Error(`Cannot read ${positionals[0]}: ${(e as Error).message}`);
    }
    const catalog = await ctx.openCatalog();
    const engine = await getEngine(catalog, values.engine ?? LOCAL_CATALOG_ENGINE_NAME);
    return { engine: engine.name, profile: await importProfile(catalog, engine, text, values.name) };
  },
  text: (r) => `imported profile "${r.profile}" into ${r.engine}`,
};
