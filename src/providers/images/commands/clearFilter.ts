import type { CommandHandler } from '../../common/runCommand';
import type { ImageCommandContext } from '../imageCommandContext';
import type { ImageFilter } from '../imageTreeModel';

/** `containerCatalog.imageSources.clearFilter` — the tree shows every source again; resolves with `{}`. */
export function clearFilter(ctx: ImageCommandContext): CommandHandler {
  return async (): Promise<ImageFilter> => {
    ctx.tree.setFilter({});
    return {};
  };
}
