import { CommandIds } from '../../platform/ids';
import type { CommandHandler, ContainerCommandContext } from './containerCommandContext';
import { deleteObjectCommand } from './engineObjectCommands';

/** `containerCatalog.networks.delete` — a network node, the palette, or `{ engine, name, confirmed? }`; the containers using it are shown first. */
export function deleteNetwork(ctx: ContainerCommandContext): CommandHandler {
  return deleteObjectCommand(ctx, 'network', CommandIds.networksDelete);
}
