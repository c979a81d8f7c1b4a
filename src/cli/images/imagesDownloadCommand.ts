import { downloadImageSource } from '../../images/downloadImage';
import { formatSize } from '../../shared/formatSize';
import type { CliCommand } from '../cliCommand';
import { parseOneWithDir } from './imagesCliArgs';
import { withInterrupt } from './withInterrupt';

/** `images download <ImageSource Id> [--dir D]`: progress on stderr every 10 %; Ctrl-C leaves no partial file. */
export const imagesDownloadCommand: CliCommand<{ localImageId: string; file: string; downloaded: boolean }> = {
  name: 'images download',
  summary: 'download an image source into the images folder (sha256 verified; Ctrl-C cancels, leaving no partial file)',
  usage: '<ImageSource Id> [--dir D]',
  async run(ctx, args) {
    const { value: id, dir } = parseOneWithDir(ctx, args, 'ImageSource Id');
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
