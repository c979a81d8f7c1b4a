import type { CliCommand } from '../cliCommand';
import type { CatalogContainer } from '../../containers/catalogReads';
import { readContainerDetails } from '../../containers/containerDetails';
import { originLabel } from '../../containers/effectiveConfig';
import { engineHolding } from './engineHolding';
import { parseCliArgs } from '../parseCliArgs';

interface ShowResult {
  engine: string;
  container: CatalogContainer;
  effective: {
    config: Record<string, { value: string; from: string; overrides: string[] }>;
    devices: Record<string, { config: Record<string, string>; from: string; overrides: string[] }>;
    missingProfiles: readonly string[];
  };
}

/** `containers show <name> [--engine N]`: the details the panel and the tree show, with the effective config's origins. */
export const containersShowCommand: CliCommand<ShowResult> = {
  name: 'containers show',
  summary: "a container's own config, devices, profiles in order, snapshots, and its effective config with origins",
  usage: '<name> [--engine N]',
  async run(ctx, args) {
    const { positionals, values } = parseCliArgs(args, { engine: { type: 'string' } }, 1);
    const name = positionals[0];
    const catalog = await ctx.openCatalog();
    const engine = await engineHolding(catalog, 'container', name, values.engine);
    const d = await readContainerDetails(catalog, engine.id, name);
    if (!d) throw new Error(`No container "${name}" in ${engine.name}.`);
    const eff = d.effective;
    return {
      engine: engine.name,
      container: d.container,
      effective: {
        config: Object.fromEntries(Object.entries(eff.config).map(([k, v]) => [k, { value: v.value, from: originLabel(v.origin), overrides: v.overrides.map(originLabel) }])),
        devices: Object.fromEntries(Object.entries(eff.devices).map(([k, v]) => [k, { config: v.config, from: originLabel(v.origin), overrides: v.overrides.map(originLabel) }])),
        missingProfiles: eff.missingProfiles,
      },
    };
  },
  text: (r) =>
    [
      `${r.container.name} (${r.engine})`,
      `profiles: ${r.container.profiles.join(' → ') || '-'}`,
      `snapshots: ${r.container.snapshots.join(', ') || '-'}`,
      'effective config:',
      ...Object.entries(r.effective.config).map(([k, v]) => `  ${k} = ${v.value}    [${v.from}${v.overrides.length ? `; overrides ${v.overrides.join(', ')}` : ''}]`),
      'effective devices:',
      ...Object.entries(r.effective.devices).map(
        ([k, v]) => `  ${k}: ${Object.entries(v.config).map(([a, b]) => `${a}=${b}`).join(' ')}    [${v.from}${v.overrides.length ? `; overrides ${v.overrides.join(', ')}` : ''}]`,
      ),
    ].join('\n'),
};
