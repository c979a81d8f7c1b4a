import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { loadContainer, loadProfiles } from '../../../src/containers/catalogReads';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { getEngine } from '../../../src/containers/engineRegistry';
import { OBJECT_LIMITS } from '../../../src/containers/objectRules';
import { importContainer, importProfile } from '../../../src/containers/yamlTransfer';
import { openTempCatalog } from '../../../src/store/openTempCatalog';
import type { TempCatalog } from '../../../src/store/openTempCatalog';

const CLI = resolve(__dirname, '../../../src/cli/main.js');

// Values YAML 1.2's core schema turns into numbers or null: LXD takes them as the text written.
const TRICKY = `name: tricky
description: 1.10
config:
  limits.cpu.allowance: 1.10
  user.hex: 0x1F
  user.exp: 1e3
  user.big: 12345678901234567890
  user.tilde: ~
  user.octal: 0o17
  user.bool: yes
  __proto__: kept
devices:
  root:
    type: disk
    path: /
    pool: default
    size: 1.50
`;

const WRITTEN = {
  'limits.cpu.allowance': '1.10',
  'user.hex': '0x1F',
  'user.exp': '1e3',
  'user.big': '12345678901234567890',
  'user.tilde': '~',
  'user.octal': '0o17',
  'user.bool': 'yes',
  ['__proto__']: 'kept',
};

describe('YAML import keeps what was written', function () {
  let dir: string;
  let t: TempCatalog;
  let local: EngineRecord;

  const cli = (file: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, '--catalog', file, ...args], { encoding: 'utf8', env: { ...process.env, CONTAINER_CATALOG_FILE: '' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cc-yaml-import-'));
    t = await openTempCatalog();
    local = await getEngine(t.catalog, 'local catalog');
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.dispose();
  });

  it('`profiles import` keeps 1.10, 0x1F, 1e3, 20-digit integers, ~ and __proto__ as written', () => {
    const catalog = join(dir, 'cli.db');
    const yamlFile = join(dir, 'tricky.yaml');
    writeFileSync(yamlFile, TRICKY);
    const imported = cli(catalog, 'profiles', 'import', yamlFile);
    assert.equal(imported.code, 0, imported.stderr);
    const exported = cli(catalog, '--json', 'profiles', 'export', 'tricky');
    assert.equal(exported.code, 0, exported.stderr);
    // The export is read back with the failsafe schema too: its quoting is not what is tested here.
    const doc = parse(JSON.parse(exported.stdout).yaml, { schema: 'failsafe' }) as { description: string; config: Record<string, string>; devices: Record<string, Record<string, string>> };
    assert.deepEqual(Object.entries(doc.config).sort(), Object.entries(WRITTEN).sort());
    assert.equal(doc.description, '1.10');
    assert.equal(doc.devices.root.size, '1.50');
    // Read with the core schema too the export gives strings: it quotes what would read as numbers.
    const plain = parse(JSON.parse(exported.stdout).yaml) as { config: Record<string, unknown> };
    assert.equal(plain.config['user.hex'], '0x1F');
    assert.equal(plain.config['user.big'], '12345678901234567890');
  });

  it('the container YAML import keeps the same values, and still reads ephemeral/stateful as true or false', async () => {
    const text = TRICKY.replace(/^name: tricky\n/, 'architecture: x86_64\nephemeral: true\nstateful: False\nprofiles: [default]\n');
    await importContainer(t.catalog, local, 'tricky-ct', text);
    const c = (await t.catalog.read((em) => loadContainer(em, local.id, 'tricky-ct')))!;
    assert.deepEqual(Object.entries(c.config).sort(), Object.entries(WRITTEN).sort());
    assert.ok(Object.hasOwn(c.config, '__proto__'));
    assert.equal(c.devices.root.size, '1.50');
    assert.equal(c.ephemeral, true);
    assert.equal(c.description, '1.10');
    await assert.rejects(importContainer(t.catalog, local, 'bad-bool', 'ephemeral: maybe\n'), /^Error: ephemeral: must be true or false/);
  });

  it('refuses what is not a string map, naming the key; nothing is imported', async () => {
    const cases: [string, RegExp][] = [
      ['name: p\nconfig:\n  limits:\n    cpu: 1\n', /^Error: config\.limits: must be a string, got a map$/],
      ['name: p\nconfig:\n  user.list: [a, b]\n', /^Error: config\.user\.list: must be a string, got a list$/],
      ['name: p\nconfig: [a]\n', /^Error: config: must be a map of keys to values, got a list$/],
      ['name: p\ndevices:\n  eth0:\n    type: nic\n    hwaddr: [1]\n', /^Error: devices\.eth0\.hwaddr: must be a string, got a list$/],
      ['name: p\ndescription:\n  a: b\n', /^Error: description: must be a string, got a map$/],
      ['name: [p]\n', /^Error: name: must be a string, got a list$/],
      ['name: p\nconfig:\n  ? [a, b]\n  : c\n', /^Error: config: keys must be strings, got a list$/],
      ['name: p\nconfig:\n  user.bin: !!binary aGVsbG8=\n', /^Error: config\.user\.bin: binary data is not allowed$/],
      ['name: p\nconfig:\n  user.a: *nowhere\n', /^Error: Not valid YAML: Unresolved alias/],
    ];
    for (const [text, error] of cases) await assert.rejects(importProfile(t.catalog, local, text), error, text);
    const rows = await t.catalog.read((em) => loadProfiles(em, local.id, ['p']));
    assert.deepEqual(rows, []);
  });

  it('takes names, keys and values up to the shared limits and refuses longer ones or control characters', async () => {
    const name = `p${'ü'.repeat(OBJECT_LIMITS.name - 1)}`;
    const key = `user.${'k'.repeat(OBJECT_LIMITS.key - 5)}`;
    const ok = `name: ${name}\nconfig:\n  ${key}: "tab\\there, new\\nline"\n`;
    assert.equal(await importProfile(t.catalog, local, ok), name);
    const [p] = await t.catalog.read((em) => loadProfiles(em, local.id, [name]));
    assert.equal(p.config[key], 'tab\there, new\nline');
    const refused: [string, RegExp][] = [
      [`name: ${name}x\n`, /^Error: name: "p.*" longer than 255 characters$/],
      [`name: p\nconfig:\n  ${key}x: v\n`, /^Error: config: the key "user\.k+" longer than 255 characters$/],
      ['name: p\nconfig:\n  "user.\\a": v\n', /^Error: config: the key "user\.\\u0007" contains control characters$/],
      ['name: p\nconfig:\n  user.x: "bell\\a"\n', /^Error: config\.user\.x: contains control characters$/],
      ['name: p\nconfig:\n  "user x": v\n', /^Error: config: the key "user x" has characters other than letters/],
      ['name: p\ndevices:\n  "a/b":\n    type: disk\n', /^Error: devices: "a\/b" has spaces or slashes$/],
      [`name: p\nconfig:\n  user.long: ${'v'.repeat(OBJECT_LIMITS.value + 1)}\n`, /^Error: config\.user\.long: longer than 65536 characters$/],
    ];
    for (const [text, error] of refused) await assert.rejects(importProfile(t.catalog, local, text), error, text.slice(0, 60));
    await assert.rejects(importContainer(t.catalog, local, `c${'x'.repeat(OBJECT_LIMITS.name)}`, 'config: {}\n'), /^Error: Invalid container name ".*": longer than 255 characters\.$/);
    await assert.rejects(importContainer(t.catalog, local, 'c', 'profiles: ["a b"]\n'), /^Error: profiles\[0\]: "a b" has spaces or slashes$/);
  });
});
