/** The subset of vscode.SecretStorage the core needs. Secrets live only here, never in the catalog or logs. */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}
