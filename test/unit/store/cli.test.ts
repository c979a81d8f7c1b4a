import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LATEST_SCHEMA_VERSION } from '../../../src/store/catalogMigrations';

// The transpiled entry (out/src/cli/main.js): the same code esbuild bundles into dist/cli.js.
const CLI = resolve(__dirname, '../../../src/cli/main.js');

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CONTAINER_CATALOG_FILE: '', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('catalog CLI (info, migrate, backup)', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-cli-'));
    file = join(dir, 'catalog.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('info on a missing file says so without creating it', () => {
    const r = cli(['--catalog', file, '--json', 'info']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).exists, false);
    assert.ok(!existsSync(file));
  });

  it('migrate creates and seeds the catalog; info reports version, counts and size', () => {
    const m = cli(['--catalog', file, '--json', 'migrate']);
    assert.equal(m.code, 0, m.stderr);
    assert.deepEqual({ ...JSON.parse(m.stdout), notices: undefined }, { file, fromVersion: 0, toVersion: LATEST_SCHEMA_VERSION, notices: undefined });
    const r = cli(['--json', 'info'], { CONTAINER_CATALOG_FILE: file });
    assert.equal(r.code, 0, r.stderr);
    const info = JSON.parse(r.stdout);
    assert.equal(info.file, file);
    assert.equal(info.schemaVersion, LATEST_SCHEMA_VERSION);
    assert.equal(info.counts.registry, 3);
    assert.equal(info.counts.engines, 1);
    assert.equal(info.counts.schema, LATEST_SCHEMA_VERSION);
    assert.equal(info.sizeBytes, readFileSync(file).length);
    const text = cli(['--catalog', file, 'info']);
    assert.match(text.stdout, new RegExp(`schema:  version ${LATEST_SCHEMA_VERSION}`));
    assert.match(text.stdout, /registry\s+3/);
    const again = cli(['--catalog', file, 'migrate']);
    assert.match(again.stdout, /already at schema version/);
  });

  it('backup writes an identical copy, to a default or given path', () => {
    assert.equal(cli(['--catalog', file, 'migrate']).code, 0);
    const dest = join(dir, 'copy.db');
    const r = cli(['--catalog', file, '--json', 'backup', dest]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(readFileSync(dest).equals(readFileSync(file)));
    const d = cli(['--catalog', file, '--json', 'backup']);
    const backup = JSON.parse(d.stdout).backup as string;
    assert.match(backup, /catalog\.db\.backup-\d{4}-/);
    assert.ok(readFileSync(backup).equals(readFileSync(file)));
    const missing = cli(['--catalog', join(dir, 'nope.db'), 'backup']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no catalog at/);
  });

  it('refuses a file from a newer build, naming both versions, and leaves it unchanged', () => {
    assert.equal(cli(['--catalog', file, 'migrate']).code, 0);
    const bytes = readFileSync(file);
    // PRAGMA user_version lives at offset 60 of the header (big-endian).
    const newer = Buffer.from(bytes);
    newer.writeUInt32BE(LATEST_SCHEMA_VERSION + 7, 60);
    writeFileSync(file, newer);
    const r = cli(['--catalog', file, 'migrate']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`schema version ${LATEST_SCHEMA_VERSION + 7}.*up to ${LATEST_SCHEMA_VERSION}`));
    assert.ok(readFileSync(file).equals(newer));
    // info still reads it.
    assert.equal(JSON.parse(cli(['--catalog', file, '--json', 'info']).stdout).schemaVersion, LATEST_SCHEMA_VERSION + 7);
  });

  it('rejects unknown commands and stray arguments with usage, exit code 2', () => {
    const r = cli(['--catalog', file, 'frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command "frobnicate"/);
    const s = cli(['--catalog', file, '--json', 'info', 'extra']);
    assert.equal(s.code, 2);
    assert.match(JSON.parse(s.stderr).error, /info takes no arguments/);
    const h = cli(['--help']);
    assert.equal(h.code, 0);
    assert.match(h.stdout, /info .*schema version/);
  });
});
