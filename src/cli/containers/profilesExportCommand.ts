import type { CliCommand } from '../cliCommand';
import { exportProfile } from '../../containers/yamlTransfer';
import { engineHolding } from './engineHolding';
import { parseCliArgs } from '../parseCliArgs';

/** `profiles export <name> [--engine N]`: YAML in the shape `lxc profile show` prints (and `lxc profile edit` takes). */
export const profilesExportCommand: CliCommand<{ engine: string; profile: string; yaml: string }> = {
  name: 'profiles export',
  summary: 'a profile as YAML, in the shape `lxc profile show` prints',
  usage: '<name> [--engine N]',
  async run(ctx, args) {
    const { positionals, values } = parseCliArgs(args, { engine: { type: 'string' } }, 1);
    const catalog = await ctx.openCatalog();
    const engine = await engineHolding(catalog, 'profile', positionals[0], values.engine);
    return { engine: engine.name, profile: positionals[0], yaml: await exportProfile(catalog, engine, positionals[0]) };
  },
  text: (r) => r.yaml.trimEnd(),
};
