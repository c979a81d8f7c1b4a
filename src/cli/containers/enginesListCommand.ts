import type { CliCommand } from '../cliCommand';
import { listEngines } from '../../containers/engineRegistry';
import { parseCliArgs } from '../parseCliArgs';
import { engineView } from './engineView';
import type { EngineView } from './engineView';

/** `engines list`: every engine with its last sync and state. */
export const enginesListCommand: CliCommand<EngineView[]> = {
  name: 'engines list',
  summary: 'engines with their last sync and state',
  async run(ctx, args) {
    parseCliArgs(args, {}, 0);
    return (await listEngines(await ctx.openCatalog())).map(engineView);
  },
  text: (rows) => rows.map((e) => `${e.name}  ${e.kind}  ${e.endpoint ?? '-'}  ${e.status}`).join('\n'),
};
