import { backupCommand } from './catalog/backupCommand';
import type { CliCommand } from './cliCommand';
import { infoCommand } from './catalog/infoCommand';
import { migrateCommand } from './catalog/migrateCommand';
import { containerCliCommands } from './containers/containerCliCommands';
import { registriesAddCommand } from './registries/registriesAddCommand';
import { registriesListCommand } from './registries/registriesListCommand';
import { registriesRemoveCommand } from './registries/registriesRemoveCommand';
import { registriesReposCommand } from './registries/registriesReposCommand';
import { registriesTagsCommand } from './registries/registriesTagsCommand';
import { imagesCliCommands } from './images/imagesCli';

/** Every CLI command. Add yours here: one import, one line. */
export const cliCommands: readonly CliCommand[] = [
  infoCommand,
  migrateCommand,
  backupCommand,
  ...containerCliCommands,
  // registries
  registriesListCommand,
  registriesAddCommand,
  registriesRemoveCommand,
  registriesReposCommand,
  registriesTagsCommand,
  ...imagesCliCommands,
];
