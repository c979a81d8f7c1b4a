/** Bearer tokens per scope, kept until shortly before they expire (tokens are short-lived: 60 s by default). */
export class TokenCache {
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  get(scope: string): string | undefined {
    const hit = this.tokens.get(scope);
    if (!hit) return undefined;
    if (hit.expiresAt <= this.now()) {
      this.tokens.delete(scope);
      return undefined;
    }
    return hit.token;
  }

  /** `expiresInSeconds` as the token server said; a margin keeps us from sending a token that dies in flight. */
  set(scope: string, token: string, expiresInSeconds: number): void {
    const lifetime = Number.isFinite(expiresInSeconds) && expiresInSeconds > 0 ? expiresInSeconds : 60;
    const margin = Math.min(30, lifetime / 4);
    this.tokens.set(scope, { token, expiresAt: this.now() + (lifetime - margin) * 1000 });
  }

  delete(scope: string): void {
    this.tokens.delete(scope);
  }

  clear(): void {
    this.tokens.clear();
  }
}
