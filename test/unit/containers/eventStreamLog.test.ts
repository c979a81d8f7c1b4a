import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineEventSync } from '../../../src/containers/engineEventSync';
import { addEngine } from '../../../src/containers/engineRegistry';
import { openTempCatalog } from '../../../src/store/openTempCatalog';

describe('event stream of an unreachable engine: the log', function () {
  this.timeout(30_000);

  it('says once that the stream broke, not at every reconnect attempt', async () => {
    const t = await openTempCatalog();
    const certDir = mkdtempSync(join(tmpdir(), 'cc-events-log-'));
    const lines: { level: string; text: string }[] = [];
    const at = (level: string) => (text: string | Error): void => { lines.push({ level, text: String(text) }); };
    const logger = { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
    // A socket that is not there: every attempt fails at once (ENOENT), as an engine whose service stopped.
    const engine = await addEngine(t.catalog, { kind: 'podman', endpoint: join(certDir, 'gone.sock'), name: 'gone' });
    const sync = new EngineEventSync(t.catalog, engine, { certDir, logger }, { minDelayMs: 5, maxDelayMs: 20 }).start();
    try {
      while (sync.stats.disconnects < 6) await new Promise((r) => setTimeout(r, 10));
    } finally {
      sync.close();
      await t.dispose();
      rmSync(certDir, { recursive: true, force: true });
    }
    const about = lines.filter((l) => l.text.startsWith('Event stream of gone'));
    assert.equal(about.filter((l) => l.level === 'info').length, 1, JSON.stringify(about));
    assert.match(about[0].text, /broke \(.*gone\.sock.*\); reconnecting/);
    assert.ok(about.filter((l) => l.level === 'debug').length >= 5, JSON.stringify(about));
  });
});
