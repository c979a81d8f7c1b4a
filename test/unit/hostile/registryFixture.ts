import type { Logger } from '../../../src/shared/logger';
import type { SecretStore } from '../../../src/shared/secrets';
import { loopbackServer, sendJson, type LoopbackServer } from './loopbackServer';

/** A real, Map-backed SecretStore (VS Code's SecretStorage in the extension). */
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

/** Captures every log line as it was written (no redaction of its own: what a caller leaks shows here). */
export function captureLog(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const push = (m: string | Error, ...args: unknown[]) => lines.push([m instanceof Error ? `${m.message}\n${m.stack}` : m, ...args.map(String)].join(' '));
  return { log: { trace: push, debug: push, info: push, warn: push, error: push }, lines };
}

/** A registry whose `_catalog` answers one repository and a Link `rel="next"` chosen by the test. */
export function linkingRegistry(next: (url: URL) => string | undefined): Promise<LoopbackServer> {
  return loopbackServer((req, res, host) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname === '/v2/') return sendJson(res, 200, {});
    if (url.pathname === '/v2/_catalog') {
      const link = next(url);
      return sendJson(res, 200, { repositories: [`repo-${url.searchParams.get('last') ?? 'first'}`] }, link ? { link: `<${link}>; rel="next"` } : {});
    }
    sendJson(res, 404, { errors: [{ code: 'NOT_FOUND', message: 'no such thing' }] });
  });
}
