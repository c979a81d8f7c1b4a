import { backupCommand } from './backupCommand';
import type { CliCommand } from './cliCommand';
import { infoCommand } from './infoCommand';
import { migrateCommand } from './migrateCommand';
import { containerCliCommands } from '../containers/containerCliCommands';

/** Every CLI command. Add yours here: one import, one line. */
export const cliCommands: readonly CliCommand[] = [
  infoCommand,
  migrateCommand,
  backupCommand,
  ...containerCliCommands,
];
