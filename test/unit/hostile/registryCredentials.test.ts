import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from '../../../src/entities/Registry';
import { importLogins } from '../../../src/registries/importLogins';
import { RegistryService } from '../../../src/registries/registryService';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import type { ReplyMessage } from '../../../src/webviews/protocol';
import { loopbackServer, runCli, sendJson } from './loopbackServer';
import { captureLog, MapSecretStore, openRegistryPanel } from './registryFixture';

const PASSWORD = 'hunter2-S3cret';

describe('hostile input: registry credentials', function () {
  this.timeout(60_000);
  let t: TempCatalog;
  let secrets: MapSecretStore;
  let captured: ReturnType<typeof captureLog>;
  let service: RegistryService;
  let dirs: string[];

  const tempDir = (prefix: string) => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(d);
    return d;
  };
  beforeEach(async () => {
    t = await openTempCatalog();
    secrets = new MapSecretStore();
    captured = captureLog();
    service = new RegistryService({ catalog: async () => t.catalog, secrets, log: captured.log, timeoutMs: 5000 });
    dirs = [];
  });
  afterEach(async () => {
    service.dispose();
    await t.dispose();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const catalogBytes = async () => {
    await t.catalog.flush();
    return readFileSync(t.catalog.file);
  };

  it('a registry address with user:password@ saved in the registry panel is stored without them, and the password reaches no log, page or catalog file', async () => {
    const p = await openRegistryPanel(service, t.catalog, captured.log, '127.0.0.1:5999');
    const snapshot = [...p.posted].reverse().find((m) => m.type === 'snapshot');
    assert.ok(snapshot && snapshot.type === 'snapshot');
    await p.session.receive({ type: 'save', requestId: 1, version: snapshot.version, name: 'Test registry', url: `http://alice:${PASSWORD}@127.0.0.2:5000`, insecure: false, caFile: '' });
    const reply = p.posted.find((m): m is ReplyMessage => m.type === 'reply' && m.requestId === 1);
    assert.ok(reply, 'no reply to the save');
    assert.equal(reply.ok, true, reply.message);
    const row = await t.catalog.read((em) => em.findOneByOrFail(Registry, { id: p.id }));
    assert.equal(row.url, '127.0.0.2:5000');
    assert.equal(row.loggedIn, false, 'a password typed into an address is not a login');
    assert.match(captured.lines.join('\n'), /user name and password in the address were not saved; log in/);
    assert.ok(!captured.lines.join('\n').includes(PASSWORD), `password in the log:\n${captured.lines.join('\n')}`);
    assert.ok(!JSON.stringify(p.posted).includes(PASSWORD), 'password posted to the page');
    assert.ok(!(await catalogBytes()).includes(PASSWORD), 'password bytes in the catalog file');
    assert.deepEqual([...secrets.map.values()], [], 'nothing was put in the keychain either');

    // An address the parser cannot even split keeps the password out of its error too.
    const again = [...p.posted].reverse().find((m) => m.type === 'snapshot');
    assert.ok(again && again.type === 'snapshot');
    await p.session.receive({ type: 'save', requestId: 2, version: again.version, name: 'Test registry', url: `https://alice:${PASSWORD}/x@reg.example.com`, insecure: false, caFile: '' });
    const refused = p.posted.find((m): m is ReplyMessage => m.type === 'reply' && m.requestId === 2);
    assert.equal(refused?.ok, false);
    assert.ok(!captured.lines.join('\n').includes(PASSWORD), `password in the log:\n${captured.lines.join('\n')}`);
    assert.ok(!JSON.stringify(p.posted).includes(PASSWORD), 'password posted to the page');
  });

  it('registries add with user:password@ stores the address without them, tells the user to log in, and never prints the password', async () => {
    const dir = tempDir('cc-hostile-cli-');
    const catalog = join(dir, 'catalog.db');
    const added = await runCli(['--catalog', catalog, 'registries', 'add', `https://alice:${PASSWORD}@reg.example.com:8443`]);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /added reg\.example\.com:8443 as "reg\.example\.com:8443"/);
    assert.match(added.stdout, /user name and password in the address were not kept: log in/);
    const listed = await runCli(['--catalog', catalog, '--json', 'registries', 'list']);
    assert.deepEqual((JSON.parse(listed.stdout) as { registries: { url: string }[] }).registries.map((r) => r.url).filter((u) => u.startsWith('reg.')), ['reg.example.com:8443']);
    const repos = await runCli(['--catalog', catalog, 'registries', 'repos', `alice:${PASSWORD}@reg.example.com:8443`]);
    assert.equal(repos.code, 2, repos.stderr);
    assert.match(repos.stderr, /without a user name and password .* --user U --password-stdin/);
    for (const r of [added, listed, repos]) assert.ok(!(r.stdout + r.stderr).includes(PASSWORD), `password printed:\n${r.stdout}${r.stderr}`);
    assert.ok(!readFileSync(catalog).includes(PASSWORD), 'password bytes in the catalog file');
  });

  it('Import Registry Logins: an auths key with user:password@ and a broken auth file leave no password in the report or the log', async () => {
    const dir = tempDir('cc-hostile-auth-');
    const closed = await loopbackServer((_req, res) => sendJson(res, 500, {}));
    const host = closed.host;
    await closed.close(); // now a port nobody listens on: the login fails quickly
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({
      auths: {
        [`https://bob:${PASSWORD}@${host}`]: { auth: Buffer.from(`bob:${PASSWORD}`).toString('base64') },
        [`bob:${PASSWORD}@bad host!`]: { auth: Buffer.from('x:y').toString('base64') },
        [`reg.lan/${PASSWORD}@x`]: { auth: Buffer.from('x:y').toString('base64') },
      },
    }));
    const broken = join(dir, 'auth.json');
    writeFileSync(broken, `{"auths": {"reg.lan": {"password": ${PASSWORD}}}}`);

    const report = await importLogins(service, [config, broken]);
    assert.deepEqual(report.failed.map((f) => f.url), [`https://${host}`], JSON.stringify(report));
    assert.equal(report.skipped.length, 3, JSON.stringify(report));
    assert.match(report.skipped.find((s) => s.file === broken)?.reason ?? '', /not valid JSON/);
    // What Import Registry Logins logs is this report, line by line.
    assert.ok(!JSON.stringify(report).includes(PASSWORD), `password in the report: ${JSON.stringify(report, null, 1)}`);
    assert.ok(!captured.lines.join('\n').includes(PASSWORD), `password in the log:\n${captured.lines.join('\n')}`);
    assert.ok(!(await catalogBytes()).includes(PASSWORD), 'password bytes in the catalog file');
  });

  it('images import-legacy stores a legacy Url with user:password@ without them, and a broken legacy JSON does not quote its password', async () => {
    const dir = tempDir('cc-hostile-legacy-');
    const catalog = join(dir, 'catalog.db');
    const legacy = join(dir, 'legacy');
    const images = join(dir, 'images');
    mkdirSync(legacy);
    writeFileSync(join(legacy, 'mine.rootfs.tar.gz'), 'not really a tarball, but bytes to hash');
    writeFileSync(join(legacy, 'mine.json'), JSON.stringify({
      Name: 'mine', Type: 'Uri', Os: 'custom', Release: '1', Url: `https://carol:${PASSWORD}@files.example.com/mine.rootfs.tar.gz`,
      HashSource: { Algorithm: 'SHA256', Type: 'single', Url: `https://carol:${PASSWORD}@files.example.com/mine.rootfs.tar.gz.sha256` },
    }));
    const r = await runCli(['--catalog', catalog, '--json', 'images', 'import-legacy', legacy, '--dir', images]);
    assert.equal(r.code, 0, r.stderr);
    const sources = await runCli(['--catalog', catalog, '--json', 'images', 'sources', '--type', 'Uri']);
    const urls = (JSON.parse(sources.stdout) as { url: string }[]).map((s) => s.url);
    assert.deepEqual(urls, ['https://files.example.com/mine.rootfs.tar.gz']);
    assert.ok(!readFileSync(catalog).includes(PASSWORD), 'password bytes in the catalog file');

    const broken = join(dir, 'broken');
    mkdirSync(broken);
    writeFileSync(join(broken, 'other.rootfs.tar.gz'), 'bytes');
    writeFileSync(join(broken, 'other.json'), `{"Name": "other", "Url": "https://x.example/o", "Password": ${PASSWORD}}`);
    const bad = await runCli(['--catalog', catalog, 'images', 'import-legacy', broken, '--dir', images]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /malformed JSON/);
    for (const x of [r, sources, bad]) assert.ok(!(x.stdout + x.stderr).includes(PASSWORD), `password printed:\n${x.stdout}${x.stderr}`);
  });
});
