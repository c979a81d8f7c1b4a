import type { CommandHandler, ContainerCommandContext } from './containerCommandContext';

/** `containerCatalog.containers.refresh` — re-reads the catalog and asks the engines for live state again. */
export function refreshContainers(ctx: ContainerCommandContext): CommandHandler {
  return async () => ctx.provider.refresh();
}
