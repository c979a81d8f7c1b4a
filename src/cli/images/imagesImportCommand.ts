import { importTarball } from '../../images/importTarball';
import type { CliCommand } from '../cliCommand';
import { parseOneWithDir } from './imagesCliArgs';

/** `images import <tarball> [--dir D]`: the file is copied into the images folder under its digest. */
export const imagesImportCommand: CliCommand<{ localImageId: string; name: string; distribution: string | null; release: string | null; digest: string | null; created: boolean }> = {
  name: 'images import',
  summary: 'register a tarball from disk (sha256; distribution/release from metadata.yaml or /etc/os-release)',
  usage: '<tarball> [--dir D]',
  async run(ctx, args) {
    const { value: file, dir } = parseOneWithDir(ctx, args, 'tarball');
    const r = await importTarball(await ctx.openCatalog(), dir, file);
    return {
      localImageId: r.localImage.id, name: r.localImage.name, distribution: r.localImage.distribution,
      release: r.localImage.release, digest: r.localImage.digest, created: r.created,
    };
  },
  text: (r) => `${r.created ? 'imported' : 'already imported'}: ${r.name} (${r.distribution ?? '?'} ${r.release ?? ''})\nlocal image ${r.localImageId}`,
};
