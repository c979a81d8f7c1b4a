import { objectsCreateCommand } from './containers/objectsCreateCommand';
import { objectsDeleteCommand } from './containers/objectsDeleteCommand';
import { containersPublishCommand } from './containers/containersPublishCommand';
import { containersCopyCommand } from './containers/containersCopyCommand';
import { containersRenameCommand } from './containers/containersRenameCommand';
import { backupCommand } from './catalog/backupCommand';
import type { CliCommand } from './cliCommand';
import { infoCommand } from './catalog/infoCommand';
import { migrateCommand } from './catalog/migrateCommand';
import { revertCommand } from './catalog/revertCommand';
import { containersLaunchCommand } from './containers/containersLaunchCommand';
import { containersExecCommand } from './containers/containersExecCommand';
import { containersListCommand } from './containers/containersListCommand';
import { containersLogsCommand } from './containers/containersLogsCommand';
import { containersCpCommand } from './containers/containersCpCommand';
import { containersStatsCommand } from './containers/containersStatsCommand';
import { containersShowCommand } from './containers/containersShowCommand';
import { containersUsesCommand } from './containers/containersUsesCommand';
import { enginesAddCommand } from './containers/enginesAddCommand';
import { enginesListCommand } from './containers/enginesListCommand';
import { enginesSyncCommand } from './containers/enginesSyncCommand';
import { profilesExportCommand } from './containers/profilesExportCommand';
import { profilesImportCommand } from './containers/profilesImportCommand';
import { registriesAddCommand } from './registries/registriesAddCommand';
import { registriesListCommand } from './registries/registriesListCommand';
import { registriesRemoveCommand } from './registries/registriesRemoveCommand';
import { registriesReposCommand } from './registries/registriesReposCommand';
import { registriesTagsCommand } from './registries/registriesTagsCommand';
import { imagesAddSimplestreamsCommand } from './images/imagesAddSimplestreamsCommand';
import { imagesCheckOutdatedCommand } from './images/imagesCheckOutdatedCommand';
import { imagesDeleteLocalCommand } from './images/imagesDeleteLocalCommand';
import { imagesDownloadCommand } from './images/imagesDownloadCommand';
import { imagesImportCommand } from './images/imagesImportCommand';
import { imagesImportLegacyCommand } from './images/imagesImportLegacyCommand';
import { imagesImportToEngineCommand } from './images/imagesImportToEngineCommand';
import { imagesLocalCommand } from './images/imagesLocalCommand';
import { imagesPruneCommand } from './images/imagesPruneCommand';
import { imagesOutdatedCommand } from './images/imagesOutdatedCommand';
import { imagesPullCommand } from './images/imagesPullCommand';
import { imagesRefreshCommand } from './images/imagesRefreshCommand';
import { imagesRemoveCommand } from './images/imagesRemoveCommand';
import { imagesRepullCommand } from './images/imagesRepullCommand';
import { imagesRemoveSimplestreamsCommand } from './images/imagesRemoveSimplestreamsCommand';
import { imagesSourcesCommand } from './images/imagesSourcesCommand';
import { importContainerKitCommand } from './import/importContainerKitCommand';
import { importWslManagerCommand } from './import/importWslManagerCommand';

/** Every CLI command. Add yours here: one import, one line. */
export const cliCommands: readonly CliCommand[] = [
  infoCommand,
  migrateCommand,
  backupCommand,
  revertCommand,
  // containers
  enginesAddCommand,
  enginesListCommand,
  enginesSyncCommand,
  containersListCommand,
  containersShowCommand,
  containersUsesCommand,
  containersLaunchCommand,
  containersExecCommand,
  containersLogsCommand,
  containersCpCommand,
  containersStatsCommand,
  profilesExportCommand,
  profilesImportCommand,
  objectsCreateCommand,
  objectsDeleteCommand,
  containersPublishCommand,
  containersCopyCommand,
  containersRenameCommand,
  // registries
  registriesListCommand,
  registriesAddCommand,
  registriesRemoveCommand,
  registriesReposCommand,
  registriesTagsCommand,
  // images
  imagesAddSimplestreamsCommand,
  imagesRemoveSimplestreamsCommand,
  imagesRefreshCommand,
  imagesSourcesCommand,
  imagesDownloadCommand,
  imagesLocalCommand,
  imagesImportCommand,
  imagesImportLegacyCommand,
  imagesDeleteLocalCommand,
  imagesCheckOutdatedCommand,
  // imports of the seed systems' own databases
  importContainerKitCommand,
  importWslManagerCommand,
  imagesPullCommand,
  imagesRemoveCommand,
  imagesImportToEngineCommand,
  imagesPruneCommand,
  imagesOutdatedCommand,
  imagesRepullCommand,
];
