import { redactingLogger, type Logger } from '../../shared/logger';
import type { SecretStore } from '../../shared/secrets';
import type { Catalog } from '../../store/catalog';
import { RegistryService } from '../../registries/registryService';
import { terminalText } from '../terminalText';

/**
 * The CLI keeps no secrets: VS Code's SecretStorage is not reachable from a terminal, and a password
 * given on stdin is for one call only. Reads find nothing, writes are refused, deletes have nothing to do.
 */
const noSecrets: SecretStore = {
  get: async () => undefined,
  store: async () => {
    throw new Error('The command line does not store passwords; log in from VS Code to save a login.');
  },
  delete: async () => undefined,
};

const quietLogger: Logger = redactingLogger<Logger>({ trace() {}, debug() {}, info() {}, warn: (m) => process.stderr.write(`${terminalText(`warning: ${m}`)}\n`), error: (m) => process.stderr.write(`${terminalText(`error: ${m instanceof Error ? m.message : m}`)}\n`) });

export function cliRegistryService(catalog: () => Promise<Catalog>): RegistryService {
  return new RegistryService({ catalog, secrets: noSecrets, log: quietLogger });
}
