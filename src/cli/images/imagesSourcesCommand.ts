import { ImageType, type ImageTypeName } from '../../images/imageKinds';
import { listImageSources } from '../../images/listImageSources';
import { formatSize } from '../../shared/formatSize';
import type { CliCommand } from '../cliCommand';
import { CliUsageError } from '../cliCommand';
import { parseCliArgs } from '../parseCliArgs';

export interface SourceRowOut {
  id: string; type: string; name: string | null; distribution: string; release: string | null; tags: string; arch: string | null;
  size: number | null; digest: string | null; fingerprint: string | null; url: string | null;
}

const TYPES = Object.values(ImageType) as string[];

/** `images sources [--type T]`: the image sources, in the order the extension lists them. */
export const imagesSourcesCommand: CliCommand<SourceRowOut[]> = {
  name: 'images sources',
  summary: 'list image sources (Id, type, distribution, release, tags, arch, size, digest, URL)',
  usage: '[--type Builtin|Incus|Docker|Uri|Local]',
  async run(ctx, args) {
    const type = parseCliArgs(args, { type: { type: 'string' } }, 0).values.type;
    if (type !== undefined && !TYPES.includes(type)) throw new CliUsageError(`--type must be one of ${TYPES.join(', ')}`);
    const rows = await listImageSources(await ctx.openCatalog(), { type: type as ImageTypeName | undefined });
    return rows.map((s) => ({
      id: s.id, type: s.type, name: s.name, distribution: s.distribution, release: s.release, tags: s.tags, arch: s.arch,
      size: s.size, digest: s.digest, fingerprint: s.fingerprint, url: s.url,
    }));
  },
  text: (rows) => rows.length
    ? rows.map((r) => `${r.id}  ${r.type.padEnd(7)} ${(r.name ?? r.distribution).padEnd(36)} ${formatSize(r.size)}`).join('\n')
    : 'no image sources (add a server with `images add-simplestreams <url>`, then `images refresh`)',
};
