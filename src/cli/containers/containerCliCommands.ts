import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { CliCommand, CliContext } from '../cliCommand';
import { CliUsageError } from '../cliCommand';
import { LOCAL_CATALOG_ENGINE_NAME } from '../../entities/Engine';
import type { Catalog } from '../../store/catalog';
import { listContainers, loadContainer, loadProfiles } from '../../containers/catalogReads';
import type { CatalogContainer, ContainerSummary } from '../../containers/catalogReads';
import { effectiveConfig, originLabel } from '../../containers/effectiveConfig';
import type { EngineContext } from '../../containers/engineConnection';
import type { EngineKind, EngineRecord } from '../../containers/engineRecord';
import { ENGINE_KINDS } from '../../containers/engineRecord';
import { addEngine, getEngine, listEngines } from '../../containers/engineRegistry';
import { engineStatus } from '../../containers/engineStatus';
import { syncEngine } from '../../containers/syncEngine';
import type { SyncResult } from '../../containers/syncEngine';
import { containersUsingNetwork } from '../../containers/usedBy';
import type { ContainerRef } from '../../containers/usedBy';
import { exportProfile, importProfile } from '../../containers/yamlTransfer';

/** `--flag value` options (and bare positionals) of one command; unknown flags are usage errors. */
function parseArgs(args: string[], flags: readonly string[]): { positional: string[]; opts: Record<string, string> } {
  const positional: string[] = [];
  const opts: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [flag, inline] = a.slice(2).split(/=(.*)/s, 2);
    if (!flags.includes(flag)) throw new CliUsageError(`unknown option --${flag}`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new CliUsageError(`--${flag} needs a value`);
    opts[flag] = value;
  }
  return { positional, opts };
}

function engineContext(ctx: CliContext): EngineContext {
  return { certDir: join(dirname(ctx.catalogFile), 'servercerts') };
}

interface EngineView {
  name: string;
  kind: EngineKind;
  endpoint: string | null;
  status: string;
  lastSyncAt: string | null;
  lastError: string | null;
}

function engineView(e: EngineRecord): EngineView {
  return {
    name: e.name,
    kind: e.kind,
    endpoint: e.endpoint,
    status: engineStatus(e).label,
    lastSyncAt: e.lastSyncAt?.toISOString() ?? null,
    lastError: e.lastError,
  };
}

const enginesAdd: CliCommand<EngineView> = {
  name: 'engines add',
  summary: 'connect an LXD/Incus, Podman or Docker engine (nothing is contacted until sync)',
  usage: 'lxd|podman|docker <socket path or https url> [--name N] [--cert F --key F]',
  async run(ctx, args) {
    const { positional, opts } = parseArgs(args, ['name', 'cert', 'key']);
    if (positional.length !== 2) throw new CliUsageError('give the engine kind and its socket path or https URL');
    const [kind, endpoint] = positional;
    if (!ENGINE_KINDS.includes(kind as EngineKind)) throw new CliUsageError(`unknown engine kind "${kind}" (lxd, podman or docker)`);
    const catalog = await ctx.openCatalog();
    const e = await addEngine(catalog, {
      kind: kind as EngineKind,
      endpoint: endpoint.startsWith('https://') ? endpoint : resolve(endpoint),
      name: opts.name,
      clientCert: opts.cert && resolve(opts.cert),
      clientKey: opts.key && resolve(opts.key),
    });
    return engineView(e);
  },
  text: (e) => `added ${e.kind} engine "${e.name}" at ${e.endpoint}; run \`engines sync "${e.name}"\``,
};

const enginesList: CliCommand<EngineView[]> = {
  name: 'engines list',
  summary: 'engines with their last sync and state',
  async run(ctx, args) {
    if (args.length) throw new CliUsageError('engines list takes no arguments');
    return (await listEngines(await ctx.openCatalog())).map(engineView);
  },
  text: (rows) => rows.map((e) => `${e.name}  ${e.kind}  ${e.endpoint ?? '-'}  ${e.status}`).join('\n'),
};

interface SyncOutcome {
  engine: string;
  ok: boolean;
  counts?: SyncResult['counts'];
  error?: string;
}

const enginesSync: CliCommand<SyncOutcome[]> = {
  name: 'engines sync',
  summary: 'mirror one engine (or every engine) into the catalog; the catalog is kept if an engine is down',
  usage: '[name]',
  async run(ctx, args) {
    if (args.length > 1) throw new CliUsageError('engines sync takes at most one engine name');
    const catalog = await ctx.openCatalog();
    const engines = args.length ? [await getEngine(catalog, args[0])] : (await listEngines(catalog)).filter((e) => e.kind !== 'catalog');
    if (!engines.length) throw new Error('No engine to sync; add one with `engines add`.');
    const out: SyncOutcome[] = [];
    for (const e of engines) {
      try {
        const r = await syncEngine(catalog, e, engineContext(ctx), {
          onProgress: (p) => process.stderr.isTTY && process.stderr.write(`\r${e.name}: ${p.message} (${p.done}/${p.total})\x1b[K`),
        });
        if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
        out.push({ engine: e.name, ok: true, counts: r.counts });
      } catch (err) {
        out.push({ engine: e.name, ok: false, error: (err as Error).message });
      }
    }
    // A named engine that failed is a failed command; "sync all" reports each and fails if any did.
    const failed = out.filter((o) => !o.ok);
    if (failed.length) {
      const e = new Error(failed.map((f) => `${f.engine}: ${f.error}`).join('\n'));
      (e as Error & { result?: unknown }).result = out;
      throw e;
    }
    return out;
  },
  text: (rows) =>
    rows
      .map((r) => `${r.engine}: ${r.counts!.instances} instances, ${r.counts!.snapshots} snapshots, ${r.counts!.profiles} profiles, ${r.counts!.images} images; ${r.counts!.removed} removed`)
      .join('\n'),
};

const containersList: CliCommand<ContainerSummary[]> = {
  name: 'containers list',
  summary: 'containers in the catalog (not their live state)',
  usage: '[--engine N]',
  async run(ctx, args) {
    const { positional, opts } = parseArgs(args, ['engine']);
    if (positional.length) throw new CliUsageError('containers list takes no positional arguments');
    const catalog = await ctx.openCatalog();
    const engineId = opts.engine ? (await getEngine(catalog, opts.engine)).id : undefined;
    return catalog.read((em) => listContainers(em, engineId));
  },
  text: (rows) => rows.map((r) => `${r.engine}/${r.name}  profiles: ${r.profiles.join(', ') || '-'}  snapshots: ${r.snapshots}`).join('\n') || '(no containers)',
};

interface ShowResult {
  engine: string;
  container: CatalogContainer;
  effective: {
    config: Record<string, { value: string; from: string; overrides: string[] }>;
    devices: Record<string, { config: Record<string, string>; from: string; overrides: string[] }>;
    missingProfiles: readonly string[];
  };
}

/** The engine holding `name`: --engine, or the only engine that has it. */
async function engineOf(catalog: Catalog, name: string, engineName: string | undefined, table: 'containers' | 'profiles'): Promise<EngineRecord> {
  if (engineName) return getEngine(catalog, engineName);
  const rows = (await catalog.read((em) =>
    em.query(`SELECT e.name FROM ${table} t JOIN engines e ON e.id = t.engine_id WHERE t.name = ? ORDER BY e.name`, [name]),
  )) as { name: string }[];
  const what = table === 'containers' ? 'container' : 'profile';
  if (!rows.length) throw new Error(`No ${what} "${name}" in the catalog.`);
  if (rows.length > 1) throw new CliUsageError(`"${name}" exists in several engines (${rows.map((r) => r.name).join(', ')}); give --engine`);
  return getEngine(catalog, rows[0].name);
}

const containersShow: CliCommand<ShowResult> = {
  name: 'containers show',
  summary: "a container's own config, devices, profiles in order, snapshots, and its effective config with origins",
  usage: '<name> [--engine N]',
  async run(ctx, args) {
    const { positional, opts } = parseArgs(args, ['engine']);
    if (positional.length !== 1) throw new CliUsageError('give one container name');
    const catalog = await ctx.openCatalog();
    const engine = await engineOf(catalog, positional[0], opts.engine, 'containers');
    return catalog.read(async (em) => {
      const c = await loadContainer(em, engine.id, positional[0]);
      if (!c) throw new Error(`No container "${positional[0]}" in ${engine.name}.`);
      const eff = effectiveConfig(c, await loadProfiles(em, engine.id, c.profiles));
      return {
        engine: engine.name,
        container: c,
        effective: {
          config: Object.fromEntries(Object.entries(eff.config).map(([k, v]) => [k, { value: v.value, from: originLabel(v.origin), overrides: v.overrides.map(originLabel) }])),
          devices: Object.fromEntries(Object.entries(eff.devices).map(([k, v]) => [k, { config: v.config, from: originLabel(v.origin), overrides: v.overrides.map(originLabel) }])),
          missingProfiles: eff.missingProfiles,
        },
      };
    });
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

const containersUses: CliCommand<ContainerRef[]> = {
  name: 'containers uses',
  summary: 'containers that use a network (a nic on it, directly or through a profile)',
  usage: '<network> [--engine N]',
  async run(ctx, args) {
    const { positional, opts } = parseArgs(args, ['engine']);
    if (positional.length !== 1) throw new CliUsageError('give one network name');
    const catalog = await ctx.openCatalog();
    const engineId = opts.engine ? (await getEngine(catalog, opts.engine)).id : undefined;
    return catalog.read((em) => containersUsingNetwork(em, positional[0], engineId));
  },
  text: (rows) => rows.map((r) => `${r.engine}/${r.name}`).join('\n') || '(none)',
};

const profilesExport: CliCommand<{ engine: string; profile: string; yaml: string }> = {
  name: 'profiles export',
  summary: 'a profile as YAML, in the shape `lxc profile show` prints',
  usage: '<name> [--engine N]',
  async run(ctx, args) {
    const { positional, opts } = parseArgs(args, ['engine']);
    if (positional.length !== 1) throw new CliUsageError('give one profile name');
    const catalog = await ctx.openCatalog();
    const engine = await engineOf(catalog, positional[0], opts.engine, 'profiles');
    return { engine: engine.name, profile: positional[0], yaml: await exportProfile(catalog, engine, positional[0]) };
  },
  text: (r) => r.yaml.trimEnd(),
};

const profilesImport: CliCommand<{ engine: string; profile: string }> = {
  name: 'profiles import',
  summary: 'import profile YAML into the catalog (default: the local catalog, as a draft)',
  usage: '<file> [--engine N] [--name N]',
  async run(ctx, args) {
    const { positional, opts } = parseArgs(args, ['engine', 'name']);
    if (positional.length !== 1) throw new CliUsageError('give one YAML file');
    let text: string;
    try {
      text = await readFile(positional[0], 'utf8');
    } catch (e) {
      throw new Error(`Cannot read ${positional[0]}: ${(e as Error).message}`);
    }
    const catalog = await ctx.openCatalog();
    const engine = await getEngine(catalog, opts.engine ?? LOCAL_CATALOG_ENGINE_NAME);
    return { engine: engine.name, profile: await importProfile(catalog, engine, text, opts.name) };
  },
  text: (r) => `imported profile "${r.profile}" into ${r.engine}`,
};

/** The Containers capability's CLI commands (one line in src/cli/commandTable.ts). */
export const containerCliCommands: readonly CliCommand[] = [
  enginesAdd,
  enginesList,
  enginesSync,
  containersList,
  containersShow,
  containersUses,
  profilesExport,
  profilesImport,
] as readonly CliCommand[];
