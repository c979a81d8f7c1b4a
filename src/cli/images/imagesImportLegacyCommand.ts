import { importLegacyFolder } from '../../images/importLegacyFolder';
import type { CliCommand } from '../cliCommand';
import { parseOneWithDir } from './imagesCliArgs';

/** `images import-legacy <folder> [--dir D]`: once per folder; a second run does nothing. */
export const imagesImportLegacyCommand: CliCommand<{ alreadyImported: boolean; imported: number }> = {
  name: 'images import-legacy',
  summary: 'migrate a folder of legacy *.rootfs.tar.gz + *.json images (once per folder)',
  usage: '<folder> [--dir D]',
  async run(ctx, args) {
    const { value: folder, dir } = parseOneWithDir(ctx, args, 'folder');
    const r = await importLegacyFolder(await ctx.openCatalog(), dir, folder);
    return { alreadyImported: r.alreadyImported, imported: r.imported.length };
  },
  text: (r) => (r.alreadyImported ? 'this folder was imported before; nothing done' : `imported ${r.imported} image(s)`),
};
