import { CommandIds } from '../../platform/ids';
import type { CommandHandler, ContainerCommandContext } from './containerCommandContext';
import { createObjectCommand } from './engineObjectCommands';

/** `containerCatalog.storageVolumes.create` — an engine node, the palette, or `{ engine, name, pool?, description?, config? }`. */
export function createVolume(ctx: ContainerCommandContext): CommandHandler {
  return createObjectCommand(ctx, 'volume', CommandIds.storageVolumesCreate);
}
