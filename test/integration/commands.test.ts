import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, INTERNAL_COMMAND_IDS, TEST_PROBE_COMMAND_IDS } from '../../src/providers/platform/ids';

interface Manifest {
  contributes: {
    commands?: { command: string }[];
    views?: Record<string, { id: string }[]>;
    viewsContainers?: { activitybar?: { id: string }[] };
    viewsWelcome?: { view: string; contents: string }[];
  };
}

const repo = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as Manifest;
const contributed = new Set((manifest.contributes.commands ?? []).map((c) => c.command));
const nls = JSON.parse(readFileSync(join(repo, 'package.nls.json'), 'utf8')) as Record<string, string>;
const viewIds = Object.values(manifest.contributes.views ?? {}).flat().map((v) => v.id);

/** Commands VS Code itself generates for every contributed view (focus, reset location, …). */
function isGeneratedViewCommand(id: string): boolean {
  return viewIds.some((v) => id.startsWith(`${v}.`) && !contributed.has(id) && /^[a-zA-Z]+$/.test(id.slice(v.length + 1)) &&
    ['focus', 'resetViewLocation', 'open', 'toggleVisibility', 'removeView'].includes(id.slice(v.length + 1)));
}

describe('commands', () => {
  let registered: Set<string>;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    registered = new Set((await vscode.commands.getCommands(true)).filter((c) => c.startsWith('containerCatalog.')));
  });

  it('follow containerCatalog.<resource>.<verb>', () => {
    for (const id of contributed) assert.match(id, /^containerCatalog\.[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/, `bad command id ${id}`);
  });

  it('every command contributed in package.json is registered', () => {
    assert.ok(contributed.size > 0, 'package.json contributes no commands');
    const missing = [...contributed].filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed but never registered: ${missing.join(', ')}`);
  });

  it('every registered containerCatalog.* command is contributed or listed as internal or as a test probe', () => {
    const internal = new Set([...INTERNAL_COMMAND_IDS, ...TEST_PROBE_COMMAND_IDS]);
    const unlisted = [...registered].filter((c) => !contributed.has(c) && !internal.has(c) && !isGeneratedViewCommand(c));
    assert.deepEqual(unlisted, [], `registered but neither contributed nor in INTERNAL_COMMAND_IDS (src/providers/platform/ids.ts): ${unlisted.join(', ')}`);
  });

  it('internal commands are not also contributed', () => {
    const both = [...INTERNAL_COMMAND_IDS, ...TEST_PROBE_COMMAND_IDS].filter((c) => contributed.has(c));
    assert.deepEqual(both, []);
  });

  it('every command linked from welcome content is contributed and registered', () => {
    const links = (manifest.contributes.viewsWelcome ?? []).flatMap((w) => {
      const key = /^%(.+)%$/.exec(w.contents)?.[1];
      const text = key ? nls[key] ?? '' : w.contents;
      return [...text.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]);
    });
    assert.ok(links.length >= 3, `expected a first action in each welcome, found ${JSON.stringify(links)}`);
    const broken = links.filter((c) => !contributed.has(c) || !registered.has(c));
    assert.deepEqual(broken, [], `welcome buttons pointing at commands that do not exist: ${broken.join(', ')}`);
  });
});
