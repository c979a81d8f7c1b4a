import { listLocalImages } from '../../images/listLocalImages';
import { formatSize } from '../../shared/formatSize';
import type { CliCommand } from '../cliCommand';
import { parseCliArgs } from '../parseCliArgs';

export interface LocalOut {
  id: string; name: string; state: string; type: string | null; distribution: string | null; release: string | null;
  imageSourceId: string | null; file: string | null; digest: string | null; size: number | null;
}

/** `images local`: the local images by name, with their state. */
export const imagesLocalCommand: CliCommand<LocalOut[]> = {
  name: 'images local',
  summary: 'list local images with their state (Synced, NotDownloaded, Outdated)',
  async run(ctx, args) {
    parseCliArgs(args, {}, 0);
    const rows = await listLocalImages(await ctx.openCatalog());
    return rows.map((l) => ({
      id: l.id, name: l.name, state: l.state, type: l.type, distribution: l.distribution, release: l.release,
      imageSourceId: l.imageSourceId, file: l.localFilename, digest: l.digest, size: l.size,
    }));
  },
  text: (rows) => rows.length ? rows.map((l) => `${l.id}  ${l.state.padEnd(13)} ${l.name}  ${formatSize(l.size)}`).join('\n') : 'no local images',
};
