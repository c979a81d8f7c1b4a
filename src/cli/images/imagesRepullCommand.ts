import { dirname, join } from 'node:path';
import type { CliCommand } from '../cliCommand';
import { getEngine } from '../../containers/engineRegistry';
import { repullEngineImage, type RepullResult } from '../../containers/repullEngineImage';
import { parseCliArgs } from '../parseCliArgs';
import { cliSavedLogin } from './cliSavedLogin';
import { withInterrupt } from './withInterrupt';

/** `images repull <engine> <image-id|fingerprint> [--user U --password-stdin]`: pulls an engine image again from its source. */
export const imagesRepullCommand: CliCommand<RepullResult> = {
  name: 'images repull',
  summary: 'pull an engine image again from its registry tag (Podman/Docker) or update source (LXD)',
  usage: '<engine> <image-id|fingerprint> [--user U --password-stdin]',
  async run(ctx, args) {
    const { positionals, values: v } = parseCliArgs(args, { user: { type: 'string' }, 'password-stdin': { type: 'boolean' } }, 2);
    const credentialsFor = await cliSavedLogin(ctx, v.user, v['password-stdin']);
    const catalog = await ctx.openCatalog();
    const engine = await getEngine(catalog, positionals[0]);
    return withInterrupt((signal) => repullEngineImage(catalog, engine, { certDir: join(dirname(ctx.catalogFile), 'servercerts') }, positionals[1], { credentialsFor, signal }));
  },
  text: (r) => (r.pulled.length ? `${r.engine}: pulled ${r.pulled.join(', ')} again (${r.images.map((i) => i.slice(0, 12)).join(', ')})` : `${r.engine}: found no newer build (LXD reads a simplestreams server through its own cache, up to an hour old; try again later)`),
};
