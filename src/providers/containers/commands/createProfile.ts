import { CommandIds } from '../../platform/ids';
import type { CommandHandler, ContainerCommandContext } from './containerCommandContext';
import { createObjectCommand } from './engineObjectCommands';

/** `containerCatalog.profiles.create` — an engine node, the palette, or `{ engine, name, description?, config? }`. */
export function createProfile(ctx: ContainerCommandContext): CommandHandler {
  return createObjectCommand(ctx, 'profile', CommandIds.profilesCreate);
}
