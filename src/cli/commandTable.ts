import { backupCommand } from './backupCommand';
import type { CliCommand } from './cliCommand';
import { infoCommand } from './infoCommand';
import { migrateCommand } from './migrateCommand';
import { containerCliCommands } from '../containers/containerCliCommands';
import { registriesAddCommand } from '../registries/cli/registriesAddCommand';
import { registriesListCommand } from '../registries/cli/registriesListCommand';
import { registriesRemoveCommand } from '../registries/cli/registriesRemoveCommand';
import { registriesReposCommand } from '../registries/cli/registriesReposCommand';
import { registriesTagsCommand } from '../registries/cli/registriesTagsCommand';
import { imagesCliCommands } from '../images/imagesCli';

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
