import { CommandIds } from '../../platform/ids';
import type { CommandHandler, ContainerCommandContext } from './containerCommandContext';
import { deleteObjectCommand } from './engineObjectCommands';

/** `containerCatalog.profiles.delete` — a profile node, the palette, or `{ engine, name, confirmed? }`; the containers using it are shown first. */
export function deleteProfile(ctx: ContainerCommandContext): CommandHandler {
  return deleteObjectCommand(ctx, 'profile', CommandIds.profilesDelete);
}
