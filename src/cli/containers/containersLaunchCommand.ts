import { dirname, join } from 'node:path';
import { CliUsageError, type CliCommand } from '../cliCommand';
import { getEngine } from '../../containers/engineRegistry';
import { runRegistryImage, type RunResult } from '../../containers/runRegistryImage';
import { checkEnvEntry, parsePortMapping, RESTART_POLICIES, type RestartPolicy } from '../../containers/runSpec';
import { cliPullSource } from './cliPullSource';
import { parseContainerCliArgs } from './containerCliArgs';

const OPTIONS = {
  name: { type: 'string' },
  port: { type: 'string', multiple: true },
  env: { type: 'string', multiple: true },
  volume: { type: 'string', multiple: true },
  network: { type: 'string' },
  restart: { type: 'string' },
  'no-start': { type: 'boolean' },
  user: { type: 'string' },
  'password-stdin': { type: 'boolean' },
} as const;

/**
 * `containers launch <engine> <registry-ref> --name N [--port H:C]… [--env K=V]…`: pulls the tag into a
 * Podman/Docker engine and runs it. The registry's row in the catalog says whether it is plain http; the
 * CLI keeps no secrets, so a login comes with --user and --password-stdin for this call only.
 */
export const containersLaunchCommand: CliCommand<RunResult> = {
  name: 'containers launch',
  summary: 'pull a registry tag into a Podman/Docker engine and run it (ports, env, volumes, restart policy)',
  usage: '<engine> <host/repository:tag> --name N [--port [IP:]H:C[/udp]]… [--env K=V]… [--volume SRC:DST[:ro]]… [--network NET] [--restart no|always|unless-stopped|on-failure] [--no-start] [--user U --password-stdin] [-- command…]',
  async run(ctx, args) {
    const dash = args.indexOf('--');
    const command = dash < 0 ? undefined : args.slice(dash + 1);
    const { positionals, values: v } = parseContainerCliArgs(dash < 0 ? args : args.slice(0, dash), OPTIONS, 2);
    if (!v.name) throw new CliUsageError('--name is required');
    if (v['password-stdin'] && !v.user) throw new CliUsageError('--password-stdin needs --user');
    if (v.user && !v['password-stdin']) throw new CliUsageError('--user needs --password-stdin (passwords are never taken as arguments)');
    if (v.restart !== undefined && !RESTART_POLICIES.includes(v.restart as RestartPolicy)) {
      throw new CliUsageError(`--restart must be one of ${RESTART_POLICIES.join(', ')}`);
    }
    let ports;
    let env;
    try {
      ports = (v.port ?? []).map(parsePortMapping);
      env = (v.env ?? []).map(checkEnvEntry);
    } catch (e) {
      throw new CliUsageError((e as Error).message);
    }
    const catalog = await ctx.openCatalog();
    const engine = await getEngine(catalog, positionals[0]);
    const source = await cliPullSource(ctx, catalog, positionals[1], v.user);
    const engineCtx = { certDir: join(dirname(ctx.catalogFile), 'servercerts') };
    return runRegistryImage(catalog, engine, engineCtx, source, {
      name: v.name,
      ports,
      env,
      binds: v.volume,
      network: v.network,
      restart: v.restart as RestartPolicy | undefined,
      command,
      start: !v['no-start'],
    }, {
      onProgress: (p) => {
        if (!process.stderr.isTTY) return;
        const what = p.pull ? `${p.pull.layer ? `${p.pull.layer}: ` : ''}${p.pull.status}` : p.phase;
        process.stderr.write(`\r${what}\x1b[K`);
      },
    }).finally(() => process.stderr.isTTY && process.stderr.write('\r\x1b[K'));
  },
  text: (r) => `${r.name} ${r.started ? 'running' : 'created'} on ${r.engine} from ${r.image} (${r.id.slice(0, 12)})`,
};
