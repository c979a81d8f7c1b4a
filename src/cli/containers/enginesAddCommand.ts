import { resolve } from 'node:path';
import type { CliCommand } from '../cliCommand';
import { CliUsageError } from '../cliCommand';
import type { EngineKind } from '../../containers/engineRecord';
import { ENGINE_KINDS } from '../../containers/engineRecord';
import { addEngine } from '../../containers/engineRegistry';
import { parseCliArgs } from '../parseCliArgs';
import { engineView } from './engineView';
import type { EngineView } from './engineView';

/**
 * `engines add <kind> <socket|url> [--name N] [--cert F --key F]`: records the engine; nothing is contacted until
 * sync. URLs: https:// (LXD), ssh://user@host[:port][/socket] (--key: the SSH key file; else the agent and
 * ~/.ssh/id_*), tcp://host:port (Docker with --cert/--key and ca.pem beside the certificate).
 */
export const enginesAddCommand: CliCommand<EngineView> = {
  name: 'engines add',
  summary: 'connect an LXD/Incus, Podman or Docker engine (nothing is contacted until sync)',
  usage: 'lxd|podman|docker <socket path | https:// | ssh://user@host[:port][/socket] | tcp://host:port> [--name N] [--cert F --key F]',
  async run(ctx, args) {
    const { positionals, values } = parseCliArgs(args, { name: { type: 'string' }, cert: { type: 'string' }, key: { type: 'string' } }, 2);
    const [kind, endpoint] = positionals;
    if (!ENGINE_KINDS.includes(kind as EngineKind)) throw new CliUsageError(`unknown engine kind "${kind}" (lxd, podman or docker)`);
    const catalog = await ctx.openCatalog();
    const e = await addEngine(catalog, {
      kind: kind as EngineKind,
      endpoint: /^(https|ssh|tcp):\/\//i.test(endpoint) ? endpoint : resolve(endpoint),
      name: values.name,
      clientCert: values.cert && resolve(values.cert),
      clientKey: values.key && resolve(values.key),
    });
    return engineView(e);
  },
  text: (e) => `added ${e.kind} engine "${e.name}" at ${e.endpoint}; run \`engines sync "${e.name}"\``,
};
