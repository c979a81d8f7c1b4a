import type { RegistryService } from '../../../src/registries/registryService';
import type { Logger } from '../../../src/shared/logger';
import type { Catalog } from '../../../src/store/catalog';
import { PanelSession } from '../../../src/webviews/panelSession';
import type { HostMessage } from '../../../src/webviews/protocol';
import type { RegistryLive, RegistryRequest, RegistryView } from '../../../src/webviews/registry/protocol';
import { registryOperations } from '../../../src/webviews/registry/registryOperations';
import { registryPanelLogic } from '../../../src/webviews/registry/registryPanelLogic';
import { loopbackServer, sendJson, type LoopbackServer } from './loopbackServer';
export { MapSecretStore } from '../../support/mapSecretStore';

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

/** The registry panel's host side over a real catalog, as the page sees it: what it posted, and its live count. */
export async function openRegistryPanel(service: RegistryService, catalog: Catalog, log: Logger, url: string): Promise<{
  id: string;
  session: PanelSession<RegistryView, RegistryRequest, RegistryLive>;
  posted: HostMessage<RegistryView, RegistryLive>[];
  live: () => Promise<RegistryLive>;
}> {
  const r = await service.add({ url, name: 'Test registry' });
  const logic = registryPanelLogic(async () => catalog, registryOperations({
    service, catalog: async () => catalog, log,
    prompts: { credentials: async () => undefined },
    refreshNode: () => undefined,
  }));
  const posted: HostMessage<RegistryView, RegistryLive>[] = [];
  const session = new PanelSession<RegistryView, RegistryRequest, RegistryLive>(logic, r.id, {
    post: (m) => posted.push(m), close: () => undefined, setTitle: () => undefined, log,
  });
  await session.receive({ type: 'ready' });
  const live = async (): Promise<RegistryLive> => {
    for (let i = 0; i < 400; i++) {
      const l = [...posted].reverse().find((m) => m.type === 'live');
      if (l && l.type === 'live') return l.live;
      await new Promise((res) => setTimeout(res, 25));
    }
    throw new Error('the panel posted no repository count within 10 s');
  };
  return { id: r.id, session, posted, live };
}
