import { resolve } from 'node:path';
import type { CliCommand, CliContext } from '../cliCommand';
import { CliUsageError } from '../cliCommand';
import { ImageSource } from '../../entities/ImageSource';
import { LocalImage } from '../../entities/LocalImage';
import { downloadImageSource } from '../../images/downloadImage';
import { ImageType, type ImageTypeName } from '../../images/imageKinds';
import { imagesFolderFor } from '../../images/imagesFolder';
import { formatSize } from '../../shared/formatSize';
import { importLegacyFolder } from '../../images/importLegacyFolder';
import { importTarball } from '../../images/importTarball';
import { deleteLocalImage } from '../../images/localImages';
import { refreshAllImageSources, type TypeRefresh } from '../../images/refreshAll';
import { checkRegistryImages } from '../../images/registryImages';
import { addServer, readServerList, removeServer } from '../../images/serverList';

// `cli.js images …`: the image commands of the extension, headless, on the same catalog.
// The simplestreams server list is the catalog's (ImageSourceCache, type Incus), shared with the
// extension. The CLI never adds the default server (images.linuxcontainers.org) by itself: on a
// catalog without a list, add servers with `images add-simplestreams`.
// The CLI has no access to the VS Code keychain: registry images are checked anonymously.

/** Splits `--flag`, `--opt value` and positional words; unknown options are usage errors. */
function parse(args: string[], flags: string[], options: string[]): { pos: string[]; flags: Set<string>; opts: Map<string, string> } {
  const pos: string[] = [];
  const f = new Set<string>();
  const o = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) pos.push(a);
    else if (flags.includes(a)) f.add(a);
    else if (options.includes(a)) {
      const v = args[++i];
      if (v === undefined) throw new CliUsageError(`${a} needs a value`);
      o.set(a, v);
    } else throw new CliUsageError(`unknown option ${a}`);
  }
  return { pos, flags: f, opts: o };
}

function one(pos: string[], what: string): string {
  if (pos.length !== 1) throw new CliUsageError(`expected exactly one ${what}`);
  return pos[0];
}

/** Ctrl-C cancels the running download/check instead of killing the process mid-write. */
async function withInterrupt<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const onInt = (): void => ac.abort();
  process.once('SIGINT', onInt);
  try {
    return await fn(ac.signal);
  } finally {
    process.off('SIGINT', onInt);
  }
}

const serversOf = async (ctx: CliContext): Promise<string[]> => readServerList(await ctx.openCatalog());

const addSimplestreams: CliCommand<{ server: string; servers: string[] }> = {
  name: 'images add-simplestreams',
  summary: 'add an LXD/Incus simplestreams image server to the list (shared with the extension)',
  usage: '<url>',
  async run(ctx, args) {
    const url = one(parse(args, [], []).pos, 'server URL');
    const server = await addServer(await ctx.openCatalog(), url, []);
    return { server, servers: await serversOf(ctx) };
  },
  text: (r) => `added ${r.server}\nservers:\n${r.servers.map((s) => `  ${s}`).join('\n')}`,
};

const removeSimplestreams: CliCommand<{ server: string; removedRows: number }> = {
  name: 'images remove-simplestreams',
  summary: 'remove a simplestreams server and the image sources it offered (local images stay)',
  usage: '<url>',
  async run(ctx, args) {
    const server = one(parse(args, [], []).pos, 'server URL');
    const { removedRows } = await removeServer(await ctx.openCatalog(), server);
    return { server, removedRows };
  },
  text: (r) => `removed ${r.server} (${r.removedRows} image sources)`,
};

const refresh: CliCommand<TypeRefresh[]> = {
  name: 'images refresh',
  summary: 'refresh image sources (builtin, simplestreams, URLs): TTL 24 h unless --force, ETag/304, one transaction per type',
  usage: '[--force] [--ttl-hours N]',
  async run(ctx, args) {
    const p = parse(args, ['--force'], ['--ttl-hours']);
    if (p.pos.length) throw new CliUsageError(`unexpected "${p.pos.join(' ')}"`);
    const ttl = p.opts.has('--ttl-hours') ? Number(p.opts.get('--ttl-hours')) : 24;
    if (!Number.isFinite(ttl) || ttl < 0) throw new CliUsageError('--ttl-hours must be a number ≥ 0');
    const catalog = await ctx.openCatalog();
    const results = await withInterrupt((signal) => refreshAllImageSources(catalog, {
      force: p.flags.has('--force'), ttlSeconds: ttl * 3600, signal, seedServers: [],
    }));
    const failed = results.filter((r) => r.status === 'failed');
    if (failed.length) {
      throw new Error(results.map((r) => `${r.type}: ${r.status}${'error' in r ? ` (${r.error})` : ''}`).join('; '));
    }
    return results;
  },
  text: (rs) => rs.map((r) => ('upserted' in r ? `${r.type}: ${r.status} (${r.upserted} upserted, ${r.purged} purged, ${r.outdated} now outdated)` : `${r.type}: ${r.status}`)).join('\n'),
};

interface SourceRowOut {
  id: string; type: string; name: string | null; distribution: string; release: string | null; tags: string; arch: string | null;
  size: number | null; digest: string | null; fingerprint: string | null; url: string | null;
}

const sources: CliCommand<SourceRowOut[]> = {
  name: 'images sources',
  summary: 'list image sources (Id, type, distribution, release, tags, arch, size, digest, URL)',
  usage: '[--type Builtin|Incus|Docker|Uri|Local]',
  async run(ctx, args) {
    const p = parse(args, [], ['--type']);
    const type = p.opts.get('--type');
    if (type !== undefined && !(Object.values(ImageType) as string[]).includes(type)) throw new CliUsageError(`--type must be one of ${Object.values(ImageType).join(', ')}`);
    const rows = await (await ctx.openCatalog()).read((em) => em.find(ImageSource, {
      where: type ? { type: type as ImageTypeName } : {}, order: { type: 'ASC', distribution: 'ASC', tags: 'ASC' },
    }));
    return rows.map((s) => ({
      id: s.id, type: s.type, name: s.name, distribution: s.distribution, release: s.release, tags: s.tags, arch: s.arch,
      size: s.size, digest: s.digest, fingerprint: s.fingerprint, url: s.url,
    }));
  },
  text: (rows) => rows.length
    ? rows.map((r) => `${r.id}  ${r.type.padEnd(7)} ${(r.name ?? r.distribution).padEnd(36)} ${formatSize(r.size)}`).join('\n')
    : 'no image sources (add a server with `images add-simplestreams <url>`, then `images refresh`)',
};

const download: CliCommand<{ localImageId: string; file: string; downloaded: boolean }> = {
  name: 'images download',
  summary: 'download an image source into the images folder (sha256 verified; Ctrl-C cancels, leaving no partial file)',
  usage: '<ImageSource Id> [--dir D]',
  async run(ctx, args) {
    const p = parse(args, [], ['--dir']);
    const id = one(p.pos, 'ImageSource Id');
    const dir = resolve(p.opts.get('--dir') ?? imagesFolderFor(ctx.catalogFile));
    let shown = -10;
    const r = await withInterrupt(async (signal) => downloadImageSource(await ctx.openCatalog(), dir, id, {
      signal,
      onProgress: (pr) => {
        if (pr.percent === null || pr.percent - shown >= 10 || pr.percent === 100) {
          shown = pr.percent ?? shown;
          process.stderr.write(`${formatSize(pr.received)}${pr.total ? ` of ${formatSize(pr.total)} (${Math.floor(pr.percent ?? 0)}%)` : ''}\n`);
        }
      },
    }));
    return { localImageId: r.localImage.id, file: r.file, downloaded: r.downloaded };
  },
  text: (r) => `${r.downloaded ? 'downloaded' : 'already present (verified)'}: ${r.file}\nlocal image ${r.localImageId}`,
};

interface LocalOut {
  id: string; name: string; state: string; type: string | null; distribution: string | null; release: string | null;
  imageSourceId: string | null; file: string | null; digest: string | null; size: number | null;
}

const local: CliCommand<LocalOut[]> = {
  name: 'images local',
  summary: 'list local images with their state (Synced, NotDownloaded, Outdated)',
  async run(ctx, args) {
    if (args.length) throw new CliUsageError('images local takes no arguments');
    const rows = await (await ctx.openCatalog()).read((em) => em.find(LocalImage, { order: { name: 'ASC' } }));
    return rows.map((l) => ({
      id: l.id, name: l.name, state: l.state, type: l.type, distribution: l.distribution, release: l.release,
      imageSourceId: l.imageSourceId, file: l.localFilename, digest: l.digest, size: l.size,
    }));
  },
  text: (rows) => rows.length ? rows.map((l) => `${l.id}  ${l.state.padEnd(13)} ${l.name}  ${formatSize(l.size)}`).join('\n') : 'no local images',
};

const importCmd: CliCommand<{ localImageId: string; name: string; distribution: string | null; release: string | null; digest: string | null; created: boolean }> = {
  name: 'images import',
  summary: 'register a tarball from disk (sha256; distribution/release from metadata.yaml or /etc/os-release)',
  usage: '<tarball> [--dir D]',
  async run(ctx, args) {
    const p = parse(args, [], ['--dir']);
    const file = one(p.pos, 'tarball');
    const r = await importTarball(await ctx.openCatalog(), resolve(p.opts.get('--dir') ?? imagesFolderFor(ctx.catalogFile)), file);
    return {
      localImageId: r.localImage.id, name: r.localImage.name, distribution: r.localImage.distribution,
      release: r.localImage.release, digest: r.localImage.digest, created: r.created,
    };
  },
  text: (r) => `${r.created ? 'imported' : 'already imported'}: ${r.name} (${r.distribution ?? '?'} ${r.release ?? ''})\nlocal image ${r.localImageId}`,
};

const importLegacy: CliCommand<{ alreadyImported: boolean; imported: number }> = {
  name: 'images import-legacy',
  summary: 'migrate a folder of legacy *.rootfs.tar.gz + *.json images (once per folder)',
  usage: '<folder> [--dir D]',
  async run(ctx, args) {
    const p = parse(args, [], ['--dir']);
    const folder = one(p.pos, 'folder');
    const r = await importLegacyFolder(await ctx.openCatalog(), resolve(p.opts.get('--dir') ?? imagesFolderFor(ctx.catalogFile)), folder);
    return { alreadyImported: r.alreadyImported, imported: r.imported.length };
  },
  text: (r) => (r.alreadyImported ? 'this folder was imported before; nothing done' : `imported ${r.imported} image(s)`),
};

const deleteLocal: CliCommand<{ name: string; fileRemoved: boolean; sharedWith: number }> = {
  name: 'images delete-local',
  summary: 'delete a local image; its file goes only when no other entry uses it',
  usage: '<LocalImage Id> [--dir D]',
  async run(ctx, args) {
    const p = parse(args, [], ['--dir']);
    return deleteLocalImage(await ctx.openCatalog(), resolve(p.opts.get('--dir') ?? imagesFolderFor(ctx.catalogFile)), one(p.pos, 'LocalImage Id'));
  },
  text: (r) => `deleted ${r.name}${r.fileRemoved ? ' and its file' : r.sharedWith ? ` (file kept: used by ${r.sharedWith} other)` : ''}`,
};

const checkOutdated: CliCommand<Awaited<ReturnType<typeof checkRegistryImages>>> = {
  name: 'images check-outdated',
  summary: 'HEAD each registry image (anonymously) and mark local images whose digest changed Outdated',
  async run(ctx, args) {
    if (args.length) throw new CliUsageError('images check-outdated takes no arguments');
    return withInterrupt(async (signal) => checkRegistryImages(await ctx.openCatalog(), undefined, { signal }));
  },
  text: (r) => [`checked ${r.checked}: ${r.changed.length} changed, ${r.outdated} local image(s) now outdated`, ...r.errors.map((e) => `  ${e.name}: ${e.message}`)].join('\n'),
};

export const imagesCliCommands: readonly CliCommand[] = [
  addSimplestreams, removeSimplestreams, refresh, sources, download, local, importCmd, importLegacy, deleteLocal, checkOutdated,
] as readonly CliCommand[];
