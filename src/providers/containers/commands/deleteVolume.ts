import { CommandIds } from '../../platform/ids';
import type { CommandHandler, ContainerCommandContext } from './containerCommandContext';
import { deleteObjectCommand } from './engineObjectCommands';

/** `containerCatalog.storageVolumes.delete` — a volume node, the palette, or `{ engine, name, pool?, confirmed? }`; the containers using it are shown first. */
export function deleteVolume(ctx: ContainerCommandContext): CommandHandler {
  return deleteObjectCommand(ctx, 'volume', CommandIds.storageVolumesDelete);
}
