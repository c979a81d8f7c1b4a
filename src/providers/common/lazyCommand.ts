import type { CommandHandler } from './runCommand';

/**
 * A command whose module (and with it TypeORM, the entities and the engine clients) loads on its first run,
 * not at activation: `make` imports it and builds its handler once.
 */
export function lazyCommand(make: () => Promise<CommandHandler>): CommandHandler {
  let handler: Promise<CommandHandler> | undefined;
  return async (arg?: unknown) => (await (handler ??= make()))(arg);
}
