import type { Registry } from '../entities/Registry';
import type { SecretStore } from '../shared/secrets';
import type { RegistryCredentials } from '../registries/registryTransport';
import { registrySecretKey } from '../registries/registrySecrets';

/** The saved login of a registry (password only in SecretStorage), for registry-image requests. */
export function credentialsFromSecrets(secrets: SecretStore): (r: Registry) => Promise<RegistryCredentials | undefined> {
  return async (r) => {
    if (!r.loggedIn || !r.username) return undefined;
    const password = await secrets.get(registrySecretKey(r.id));
    return password === undefined ? undefined : { username: r.username, password };
  };
}
