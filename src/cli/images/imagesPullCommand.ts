import { dirname, join } from 'node:path';
import { CliUsageError, type CliCommand } from '../cliCommand';
import { pullToEngine } from '../../containers/engineImages';
import { getEngine } from '../../containers/engineRegistry';
import { cliPullSource } from '../containers/cliPullSource';
import { parseCliArgs } from '../parseCliArgs';

/** `images pull <engine> <host/repo:tag> [--user U --password-stdin]`: into a Podman/Docker engine, without running it. */
export const imagesPullCommand: CliCommand<{ engine: string; image: string; id: string }> = {
  name: 'images pull',
  summary: 'pull a registry tag into a Podman/Docker engine without running it',
  usage: '<engine> <host/repository:tag> [--user U --password-stdin]',
  async run(ctx, args) {
    const { positionals, values: v } = parseCliArgs(args, { user: { type: 'string' }, 'password-stdin': { type: 'boolean' } }, 2);
    if (Boolean(v.user) !== Boolean(v['password-stdin'])) throw new CliUsageError('--user and --password-stdin go together (passwords are never taken as arguments)');
    const catalog = await ctx.openCatalog();
    const engine = await getEngine(catalog, positionals[0]);
    const source = await cliPullSource(ctx, catalog, positionals[1], v.user);
    return pullToEngine(catalog, engine, { certDir: join(dirname(ctx.catalogFile), 'servercerts') }, source);
  },
  text: (r) => `pulled ${r.image} into ${r.engine} (${r.id.replace(/^sha256:/, '').slice(0, 12)})`,
};
