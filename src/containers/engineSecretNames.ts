// Apart from engineConnection so the engine registry (read by the views at first paint) needs no engine client.

/** SecretStorage key of a client key pasted in (rather than referenced by path). */
export function clientKeySecretName(engineId: number): string {
  return `containerCatalog.engine.${engineId}.clientKey`;
}

/** SecretStorage keys of an ssh:// engine's key passphrase and account password. */
export function sshSecretName(engineId: number, what: 'passphrase' | 'password'): string {
  return `containerCatalog.engine.${engineId}.ssh.${what}`;
}
