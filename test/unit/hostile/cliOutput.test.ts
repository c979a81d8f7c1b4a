import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loopbackServer, runCli, sendJson, type LoopbackServer } from './loopbackServer';

// What an attacker puts in a name or message to drive the victim's terminal: retitle the window (OSC 0),
// clear the screen (CSI 2J), write the clipboard (OSC 52), a C1 CSI (0x9b), a carriage return that hides
// what came before, a backspace, DEL and a bell.
const EVIL = '\x1b]0;pwned\x07\x1b[2J\x1b]52;c;ZWNobyBwd25lZA==\x07\x9b31m\rEvil\x08\x7f\x07';
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

function assertClean(where: string, text: string): void {
  const m = CONTROL.exec(text);
  assert.equal(m, null, `${where} carries control character 0x${m?.[0].charCodeAt(0).toString(16)}: ${JSON.stringify(text)}`);
}

describe('hostile input: CLI output', function () {
  this.timeout(60_000);
  let dir: string;
  let catalog: string;
  let servers: LoopbackServer[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-hostile-out-'));
    catalog = join(dir, 'catalog.db');
    servers = [];
  });
  afterEach(async () => {
    for (const s of servers) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('escape sequences in a registry name do not reach the terminal (JSON output keeps them escaped)', async () => {
    const added = await runCli(['--catalog', catalog, 'registries', 'add', '127.0.0.1:5999', '--name', EVIL]);
    assert.equal(added.code, 0, added.stderr);
    assertClean('registries add', added.stdout + added.stderr);
    // Made visible, not interpreted: the user sees what the name really holds.
    assert.match(added.stdout, /added 127\.0\.0\.1:5999 as "\\x1b\]0;pwned\\x07\\x1b\[2J.*\\x9b31m\\rEvil\\x08\\x7f\\x07"/);
    const listed = await runCli(['--catalog', catalog, 'registries', 'list']);
    assertClean('registries list', listed.stdout + listed.stderr);
    assert.match(listed.stdout, /127\.0\.0\.1:5999 +\\x1b\]0;pwned.*Evil\\x08\\x7f\\x07 — anonymous/);

    const json = await runCli(['--catalog', catalog, '--json', 'registries', 'list']);
    assertClean('registries list --json', json.stdout);
    const names = (JSON.parse(json.stdout) as { registries: { url: string; name: string }[] }).registries;
    assert.equal(names.find((r) => r.url === '127.0.0.1:5999')?.name, EVIL, 'JSON carries the name exactly, escaped');
  });

  it("escape sequences in a registry's error body do not reach the terminal", async () => {
    const reg = await loopbackServer((req, res) => {
      if (req.url === '/v2/') return sendJson(res, 200, {});
      sendJson(res, 500, { errors: [{ code: 'UNKNOWN', message: `boom${EVIL}` }] });
    });
    servers.push(reg);
    const r = await runCli(['--catalog', catalog, 'registries', 'repos', reg.host]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /^error: .*boom.*Evil/m);
    assertClean('registries repos (error)', r.stdout + r.stderr);
    const j = await runCli(['--catalog', catalog, '--json', 'registries', 'repos', reg.host]);
    assertClean('registries repos --json (error)', j.stderr);
    assert.match((JSON.parse(j.stderr.trim().split('\n').pop()!) as { error: string }).error, /boom\x1b\]0;pwned/);
  });

  it('escape sequences in simplestreams fields do not reach the terminal', async () => {
    const digest = 'a'.repeat(64);
    const server = await loopbackServer((req, res) => {
      if (req.url === '/streams/v1/index.json') {
        return sendJson(res, 200, { format: 'index:1.0', index: { images: { datatype: 'image-downloads', path: 'streams/v1/images.json', format: 'products:1.0', products: ['evil:1:amd64:default'] } } });
      }
      if (req.url === '/streams/v1/images.json') {
        return sendJson(res, 200, {
          content_id: 'images', datatype: 'image-downloads', format: 'products:1.0',
          products: {
            'evil:1:amd64:default': {
              os: `evilos${EVIL}`, release: '1', release_title: `Title${EVIL}`, arch: 'amd64', variant: 'default', aliases: 'evil',
              versions: { '20260101_0000': { items: { 'root.tar.xz': { ftype: 'root.tar.xz', path: 'images/evil/rootfs.tar.xz', sha256: digest, size: 10 } } } },
            },
          },
        });
      }
      sendJson(res, 404, {});
    });
    servers.push(server);
    const add = await runCli(['--catalog', catalog, 'images', 'add-simplestreams', `http://${server.host}/`]);
    assert.equal(add.code, 0, add.stderr);
    const refresh = await runCli(['--catalog', catalog, 'images', 'refresh', '--force']);
    assert.equal(refresh.code, 0, refresh.stderr);
    const sources = await runCli(['--catalog', catalog, 'images', 'sources', '--type', 'Incus']);
    assert.equal(sources.code, 0, sources.stderr);
    assert.match(sources.stdout, /evilos.*Title.*Evil.*default \(amd64\)/);
    for (const [what, r] of [['add-simplestreams', add], ['refresh', refresh], ['sources', sources]] as const) assertClean(`images ${what}`, r.stdout + r.stderr);
  });
});
