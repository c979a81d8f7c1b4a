import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CliUsageError, type CliCommand } from '../cliCommand';
import { getEngine } from '../../containers/engineRegistry';
import { launchFromImageSource, type LaunchResult } from '../../containers/launchFromImageSource';
import { launchLocalImage, type LocalLaunchResult } from '../../containers/launchLocalImage';
import { runRegistryImage, type RunResult } from '../../containers/runRegistryImage';
import { checkEnvEntry, parsePortMapping, RESTART_POLICIES, type RestartPolicy, type RunSpec } from '../../containers/runSpec';
import { readLocalImage } from '../../images/readLocalImage';
import { cliPullSource } from './cliPullSource';
import { heldImage } from './heldImage';
import { parseCliArgs } from '../parseCliArgs';

const OPTIONS = {
  name: { type: 'string' },
  'no-start': { type: 'boolean' },
  // Instead of the positional source: an image the engine holds, or a downloaded local image (imported first).
  image: { type: 'string' },
  'local-image': { type: 'string' },
  // Podman/Docker
  port: { type: 'string', multiple: true },
  env: { type: 'string', multiple: true },
  volume: { type: 'string', multiple: true },
  network: { type: 'string' },
  restart: { type: 'string' },
  user: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  // LXD
  profile: { type: 'string', multiple: true },
  config: { type: 'string', multiple: true },
  'server-cert': { type: 'string' },
} as const;
const DOCKER_ONLY = ['port', 'env', 'volume', 'network', 'restart', 'user', 'password-stdin'] as const;
const LXD_ONLY = ['profile', 'config', 'server-cert'] as const;

type Launched =
  | (RunResult & { kind: 'registry' })
  | (LaunchResult & { kind: 'simplestreams' })
  | ((RunResult | LaunchResult) & { kind: 'held' })
  | (LocalLaunchResult & { kind: 'local' });

/**
 * `containers launch <engine> <registry-ref|source-id> --name N …`. On Podman/Docker: pulls a registry tag
 * (the registry's catalog row says whether it is plain http; a login comes with --user and stdin, for this
 * call only) and runs it. On LXD: launches an image-source row of a simplestreams server, which LXD pulls
 * itself (--server-cert for a server with its own CA or a self-signed one). Instead of the positional source,
 * `--image` names an image the engine holds (no pull) and `--local-image` a downloaded local image, imported
 * into the engine first (and kept there), as the Launch panel and its commands do.
 */
export const containersLaunchCommand: CliCommand<Launched> = {
  name: 'containers launch',
  summary: 'run a registry tag on Podman/Docker, launch a simplestreams image source on LXD, or either from an image the engine holds or a local image',
  usage:
    '<engine> (<host/repository:tag | image source id> | --image ID|TAG | --local-image ID) --name N [--no-start] ' +
    '[Podman/Docker: --port [IP:]H:C[/udp]… --env K=V… --volume SRC:DST[:ro]… --network NET --restart no|always|unless-stopped|on-failure --user U --password-stdin -- command…] ' +
    '[LXD: --profile P… --config K=V… --server-cert FILE]',
  async run(ctx, args) {
    const dash = args.indexOf('--');
    const command = dash < 0 ? undefined : args.slice(dash + 1);
    const { positionals, values: v } = parseCliArgs(dash < 0 ? args : args.slice(0, dash), OPTIONS, [1, 2]);
    const sources = [positionals[1] !== undefined && 'a registry reference or image source id', v.image !== undefined && '--image', v['local-image'] !== undefined && '--local-image'].filter(Boolean);
    if (sources.length !== 1) {
      throw new CliUsageError(sources.length
        ? `give one source, not ${sources.join(' and ')}`
        : 'give a source: a registry reference (Podman/Docker) or image source id (LXD), --image ID|TAG (an image the engine holds) or --local-image ID (see: images local)');
    }
    if (!v.name) throw new CliUsageError('--name is required');
    if (positionals[1] === undefined) {
      const other = v.image !== undefined ? '--image' : '--local-image';
      if (v['server-cert'] !== undefined) throw new CliUsageError(`--server-cert goes with an image source id (an image server's certificate), not with ${other}`);
      if (v.user !== undefined || v['password-stdin']) throw new CliUsageError(`--user and --password-stdin go with a registry reference, not with ${other}`);
    }
    const catalog = await ctx.openCatalog();
    const engine = await getEngine(catalog, positionals[0]);
    if (engine.kind === 'catalog') throw new CliUsageError(`${engine.name} lives only in the catalog; launch on a connected engine`);
    const engineCtx = { certDir: join(dirname(ctx.catalogFile), 'servercerts') };
    const lxd = engine.kind === 'lxd';
    const misplaced = (lxd ? DOCKER_ONLY : LXD_ONLY).find((k) => v[k] !== undefined);
    if (misplaced) throw new CliUsageError(`--${misplaced} is for ${lxd ? 'Podman/Docker' : 'LXD'} engines; ${engine.name} is ${engine.kind}`);
    if (lxd && command) throw new CliUsageError(`a command after "--" is for Podman/Docker engines; ${engine.name} is lxd`);
    const local = v['local-image'] === undefined ? undefined : await readLocalImage(catalog, v['local-image']);
    if (v['local-image'] !== undefined && !local) throw new Error(`No local image ${v['local-image']} in the catalog (see: images local).`);
    const progress = (text: string): void => void (process.stderr.isTTY && process.stderr.write(`\r${text}\x1b[K`));
    try {
      if (lxd) {
        const config: Record<string, string> = {};
        for (const kv of v.config ?? []) {
          const eq = kv.indexOf('=');
          if (eq < 1) throw new CliUsageError(`--config ${kv}: write KEY=VALUE`);
          config[kv.slice(0, eq)] = kv.slice(eq + 1);
        }
        const certificate = v['server-cert'] === undefined ? undefined : await readFile(v['server-cert'], 'utf8').catch((e: Error) => {
          throw new CliUsageError(`--server-cert: ${e.message}`);
        });
        const spec = { name: v.name, profiles: v.profile, config, start: !v['no-start'], certificate };
        if (local) return { kind: 'local', ...(await launchLocalImage(catalog, engine, engineCtx, local.id, spec, { onProgress: progress })) };
        if (v.image !== undefined) return { kind: 'held', ...(await launchFromImageSource(catalog, engine, engineCtx, { fingerprint: await heldImage(catalog, engine, v.image) }, spec, { onProgress: progress })) };
        const r = await launchFromImageSource(catalog, engine, engineCtx, positionals[1], spec, { onProgress: progress });
        return { kind: 'simplestreams', ...r };
      }
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
      const spec: RunSpec = {
        name: v.name,
        ports,
        env,
        binds: v.volume,
        network: v.network,
        restart: v.restart as RestartPolicy | undefined,
        command,
        start: !v['no-start'],
      };
      const onProgress = (p: { pull?: { layer?: string; status: string }; phase: string }): void => progress(p.pull ? `${p.pull.layer ? `${p.pull.layer}: ` : ''}${p.pull.status}` : p.phase);
      if (local) return { kind: 'local', ...(await launchLocalImage(catalog, engine, engineCtx, local.id, spec, { onProgress: progress })) };
      if (v.image !== undefined) return { kind: 'held', ...(await runRegistryImage(catalog, engine, engineCtx, { held: await heldImage(catalog, engine, v.image) }, spec, { onProgress })) };
      const source = await cliPullSource(ctx, catalog, positionals[1], v.user);
      const r = await runRegistryImage(catalog, engine, engineCtx, source, spec, { onProgress });
      return { kind: 'registry', ...r };
    } finally {
      if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    }
  },
  text: (r) => {
    const state = r.started ? 'running' : 'created';
    switch (r.kind) {
      case 'registry':
        return `${r.name} ${state} on ${r.engine} from ${r.image} (${r.id.slice(0, 12)})`;
      case 'simplestreams':
        return `${r.name} ${state} on ${r.engine} from ${r.server} (${r.image.slice(0, 12)})`;
      case 'held':
        return `${r.name} ${state} on ${r.engine} from the image it holds (${r.image.replace(/^sha256:/, '').slice(0, 12)})`;
      case 'local':
        return `${r.name} ${state} on ${r.engine} from ${r.imported.name}, imported from the local image (it stays in ${r.engine})`;
    }
  },
};
