import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, ImageCommandIds, VIEW_CONTAINER_ID } from '../../src/providers/platform/ids';
import { queryPage, waitForSelector } from './support/page';
import { need } from './support/peerEnv';
import { screenshot } from './support/screenshot';
import { paneOf } from './support/views';

const ENGINE = 'podman-kept';
const pane = paneOf('Containers');

interface Kept { answers: number; catalogAnswers: number; written: number }
const kept = async (): Promise<Kept> => (await vscode.commands.executeCommand<{ kept: Kept }>(CommandIds.containersRedraws))!.kept;
const rootIds = async (): Promise<string[]> => ((await vscode.commands.executeCommand<Array<{ id: string }>>(CommandIds.containersViewInfo)) ?? []).map((n) => n.id);

async function rows(): Promise<string[]> {
  return (await queryPage(`${pane} .monaco-list-row`)).filter((r) => r.visible).map((r) => r.text.replace(/\s+/g, ' ').trim());
}

/** Polls (the DOM or a probe) until `test` passes; the limit only ends a test that would otherwise hang. */
async function until<T>(read: () => Promise<T>, test: (v: T) => boolean, what: string, limitMs = 30_000): Promise<T> {
  const end = Date.now() + limitMs;
  let last = await read();
  while (!test(last)) {
    if (Date.now() > end) throw new Error(`never ${what}: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
    last = await read();
  }
  return last;
}

describe('Containers view first paint from the copy kept of it, then from the catalog (#17) @page', function () {
  this.timeout(180_000);
  const socket = need('CC_PODMAN_SOCKET');

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
  });

  after(async () => {
    await vscode.commands.executeCommand(CommandIds.containersReplayFirstPaint, { hold: false });
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: ENGINE, confirmed: true });
  });

  it('draws the kept rows (no runtime state) while the catalog opens, then the catalog\'s, with the same ids', async () => {
    const engine = await vscode.commands.executeCommand<{ name: string }>(CommandIds.enginesConnect, { kind: 'podman', endpoint: socket, name: ENGINE });
    assert.equal(engine?.name, ENGINE);
    await vscode.commands.executeCommand('containerCatalog.containers.focus');
    await waitForSelector(`${pane} .monaco-list-row`);
    await until(rows, (rs) => rs.some((r) => r.startsWith('pd-web') && /Running/.test(r)), 'showed pd-web Running');
    // The copy is kept a moment after the view's last answer or catalog change: wait until one was written
    // and none followed for 4 s, so the copy names the catalog file as it is.
    let last = (await until(kept, (k) => k.written >= 1, 'kept the view')).written;
    for (let quiet = Date.now(); Date.now() - quiet < 4000;) {
      await new Promise((r) => setTimeout(r, 250));
      const now = (await kept()).written;
      if (now !== last) [last, quiet] = [now, Date.now()];
    }
    const ids = await rootIds();
    assert.ok(ids.some((id) => id.includes(ENGINE)), `the engine's row: ${JSON.stringify(ids)}`);
    const before = await kept();

    await vscode.commands.executeCommand(CommandIds.containersReplayFirstPaint, { hold: true });
    const during = await until(kept, (k) => k.answers >= before.answers + 2, 'answered the top level and the expanded engine from the kept copy');
    const drawn = await until(rows, (rs) => rs.some((r) => r.startsWith('pd-web')), 'showed pd-web from the kept copy');
    assert.doesNotMatch(drawn.find((r) => r.startsWith('pd-web')) ?? '', /Running/, 'the kept row claims no runtime state');
    assert.equal(during.catalogAnswers, before.catalogAnswers, 'nothing was read from the catalog meanwhile');
    assert.deepEqual(await rootIds(), ids, 'the kept top level has the catalog\'s ids');
    await screenshot('containers-kept-first-paint', `${pane}`);

    await vscode.commands.executeCommand(CommandIds.containersReplayFirstPaint, { hold: false });
    await until(rows, (rs) => rs.some((r) => r.startsWith('pd-web') && /Running/.test(r)), 'showed pd-web Running from the catalog again');
    const after = await kept();
    assert.ok(after.catalogAnswers >= during.catalogAnswers + 2, `the catalog answered the top level and the engine: ${JSON.stringify(after)}`);
    assert.equal(after.answers, during.answers, 'no answer from the kept copy once the catalog is open');
    assert.deepEqual(await rootIds(), ids, 'same ids from the catalog');
  });
});

/** A view whose first paint can be drawn from its kept copy (its probes: redraws with `kept`, and a replay). */
interface KeptProbes { readonly title: 'Image Sources' | 'Registries'; readonly redraws: string; readonly replay: string }

const keptOf = (p: KeptProbes) => async (): Promise<Kept> => (await vscode.commands.executeCommand<{ kept: Kept }>(p.redraws))!.kept;
const rowsOf = (p: KeptProbes) => async (): Promise<string[]> =>
  (await queryPage(`${paneOf(p.title)} .monaco-list-row`)).filter((r) => r.visible).map((r) => (r.ariaLabel ?? r.text).replace(/\s+/g, ' ').trim());

/** Waits until the view was kept and no other keep followed for 4 s (the copy then names the file as it is). */
async function keptAndQuiet(p: KeptProbes): Promise<Kept> {
  const read = keptOf(p);
  let last = (await until(read, (k) => k.written >= 1, `kept the ${p.title} view`)).written;
  for (let quiet = Date.now(); Date.now() - quiet < 4000;) {
    await new Promise((r) => setTimeout(r, 250));
    const now = (await read()).written;
    if (now !== last) [last, quiet] = [now, Date.now()];
  }
  return read();
}

/** Replays the view's first paint with the catalog held "opening": the kept rows, nothing read; then the catalog's. */
async function replayKept(p: KeptProbes, shows: RegExp, expandedAnswers: number, shot: string): Promise<void> {
  const read = keptOf(p);
  const rowsNow = rowsOf(p);
  // Labels only: an age in a description ("refreshed 1 min ago") may move on meanwhile.
  const labels = (rs: string[]): string[] => rs.filter((r) => shows.test(r)).map((r) => r.split(',')[0]);
  const before = await keptAndQuiet(p);
  const shownBefore = await until(rowsNow, (rs) => rs.some((r) => shows.test(r)), `showed ${shows}`);
  await vscode.commands.executeCommand(p.replay, { hold: true });
  const during = await until(read, (k) => k.answers >= before.answers + 1 + expandedAnswers, `answered the top level and ${expandedAnswers} expanded row(s) from the kept copy`);
  const shownKept = await until(rowsNow, (rs) => rs.some((r) => shows.test(r)), `showed ${shows} from the kept copy`);
  assert.equal(during.catalogAnswers, before.catalogAnswers, 'nothing was read from the catalog meanwhile');
  assert.deepEqual(labels(shownKept), labels(shownBefore), 'the kept copy draws the rows the catalog drew');
  await screenshot(shot, paneOf(p.title));
  await vscode.commands.executeCommand(p.replay, { hold: false });
  const after = await until(read, (k) => k.catalogAnswers > during.catalogAnswers, 'answered from the catalog once it is open');
  const shownAfter = await until(rowsNow, (rs) => rs.some((r) => shows.test(r)), `showed ${shows} from the catalog again`);
  assert.deepEqual(labels(shownAfter), labels(shownBefore), 'the catalog draws the rows the kept copy drew');
  const later = await read();
  assert.equal(later.answers, after.answers, 'no answer from the kept copy once the catalog is open');
}

describe('Image Sources and Registries first paint from the copies kept of them (#17) @page', function () {
  this.timeout(180_000);
  const base = process.env.CC_SIMPLESTREAMS_URL;
  const server = base ? `${base}/ss` : '';

  before(async () => {
    if (!base) throw new Error('CC_SIMPLESTREAMS_URL is not set: start test/peers/simplestreams.sh (npm test does)');
    await vscode.workspace.getConfiguration('containerCatalog.imageSources').update('simplestreamsServers', [server], vscode.ConfigurationTarget.Global);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
  });

  after(async () => {
    await vscode.commands.executeCommand(CommandIds.imageSourcesReplayFirstPaint, { hold: false });
    await vscode.commands.executeCommand(CommandIds.registriesReplayFirstPaint, { hold: false });
    // Leave the catalog's image sources empty again (the views suite checks the welcome content).
    await vscode.commands.executeCommand(ImageCommandIds.removeSimplestreams, { url: server });
  });

  it('Image Sources: the source types and the expanded type\'s distributions come from the kept copy, then from the catalog', async () => {
    await vscode.commands.executeCommand('containerCatalog.imageSources.focus');
    await vscode.commands.executeCommand(ImageCommandIds.addSimplestreams, { url: server });
    await vscode.commands.executeCommand(ImageCommandIds.refresh, { type: 'Incus', force: true });
    const probes = { title: 'Image Sources', redraws: CommandIds.imageSourcesRedraws, replay: CommandIds.imageSourcesReplayFirstPaint } as const;
    // The Simplestreams type is drawn expanded: VS Code asks for its distributions right after the top level.
    await replayKept(probes, /^Simplestreams \(LXD\/Incus\)|^(alpine|debian|ubuntu)\b/i, 1, 'image-sources-kept-first-paint');
  });

  it('Registries: the registry list comes from the kept copy, then from the catalog', async () => {
    await vscode.commands.executeCommand('containerCatalog.registries.focus');
    const probes = { title: 'Registries', redraws: CommandIds.registriesRedraws, replay: CommandIds.registriesReplayFirstPaint } as const;
    await replayKept(probes, /^Docker Hub\b/, 0, 'registries-kept-first-paint');
  });
});
