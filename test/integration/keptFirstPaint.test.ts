import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, VIEW_CONTAINER_ID } from '../../src/providers/platform/ids';
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
