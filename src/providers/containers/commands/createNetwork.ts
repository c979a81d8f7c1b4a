import { CommandIds } from '../../platform/ids';
import type { CommandHandler, ContainerCommandContext } from './containerCommandContext';
import { createObjectCommand } from './engineObjectCommands';

/** `containerCatalog.networks.create` — an engine node, the palette, or `{ engine, name, description?, config? }`. */
export function createNetwork(ctx: ContainerCommandContext): CommandHandler {
  return createObjectCommand(ctx, 'network', CommandIds.networksCreate);
}
