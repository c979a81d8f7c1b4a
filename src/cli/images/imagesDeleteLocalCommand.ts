import { deleteLocalImage } from '../../images/localImages';
import type { CliCommand } from '../cliCommand';
import { parseOneWithDir } from './imagesCliArgs';

/** `images delete-local <LocalImage Id> [--dir D]`: the file goes only when no other entry uses it. */
export const imagesDeleteLocalCommand: CliCommand<{ name: string; fileRemoved: boolean; sharedWith: number }> = {
  name: 'images delete-local',
  summary: 'delete a local image; its file goes only when no other entry uses it',
  usage: '<LocalImage Id> [--dir D]',
  async run(ctx, args) {
    const { value: id, dir } = parseOneWithDir(ctx, args, 'LocalImage Id');
    return deleteLocalImage(await ctx.openCatalog(), dir, id);
  },
  text: (r) => `deleted ${r.name}${r.fileRemoved ? ' and its file' : r.sharedWith ? ` (file kept: used by ${r.sharedWith} other)` : ''}`,
};
