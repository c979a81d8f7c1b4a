import type { SecretStore } from '../../src/shared/secrets';

/** A real, Map-backed SecretStore: what VS Code's SecretStorage is to the extension, for tests outside it. */
export class MapSecretStore implements SecretStore {
  readonly map = new Map<string, string>();
  async get(key: string): Promise<string | undefined> {
    return this.map.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.map.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.map.delete(key);
  }
}
