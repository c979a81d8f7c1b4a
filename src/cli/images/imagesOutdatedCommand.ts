import { dirname, join } from 'node:path';
import type { CliCommand } from '../cliCommand';
import { checkEngineImageUpdates, type EngineImageCheck } from '../../containers/engineImageUpdates';
import { getEngine } from '../../containers/engineRegistry';
import { parseCliArgs } from '../parseCliArgs';
import { cliSavedLogin } from './cliSavedLogin';
import { withInterrupt } from './withInterrupt';

/** `images outdated <engine> [--user U --password-stdin]`: checks the engine's images against their sources and lists the outdated ones. */
export const imagesOutdatedCommand: CliCommand<EngineImageCheck> = {
  name: 'images outdated',
  summary: 'check the images an engine holds against their registry tags or simplestreams aliases (HEAD/ETag only) and list the outdated ones',
  usage: '<engine> [--user U --password-stdin]',
  async run(ctx, args) {
    const { positionals, values: v } = parseCliArgs(args, { user: { type: 'string' }, 'password-stdin': { type: 'boolean' } }, 1);
    const credentialsFor = await cliSavedLogin(ctx, v.user, v['password-stdin']);
    const catalog = await ctx.openCatalog();
    const engine = await getEngine(catalog, positionals[0]);
    return withInterrupt((signal) => checkEngineImageUpdates(catalog, engine, { certDir: join(dirname(ctx.catalogFile), 'servercerts') }, { credentialsFor, signal }));
  },
  text: (r) =>
    [
      `${r.engine}: checked ${r.checked} image(s), ${r.outdated.length} outdated`,
      ...r.outdated.map((o) => `  ${o.name}  ${o.fingerprint.slice(0, 12)} → ${o.latest.replace(/^sha256:/, '').slice(0, 12)}  (${o.source})`),
      ...r.rateLimited.map((l) => `  ${l.message} ${l.notChecked} image(s) of it not checked.`),
      ...r.errors.map((e) => `  not checked: ${e.image}: ${e.message}`),
    ].join('\n'),
};
