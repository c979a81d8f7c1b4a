import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, VIEW_CONTAINER_ID } from '../../src/providers/platform/ids';
import type { EventSyncStats } from '../../src/containers/engineEventSync';
import type { EventInfo } from '../../src/providers/containers/containerTreeProvider';
import { queryPage, waitForSelector } from './support/page';
import { need } from './support/peerEnv';
import { screenshot } from './support/screenshot';
import { paneOf } from './support/views';

const run = promisify(execFile);
const ENGINE = 'podman-events';
const NAME = 'h19-evt';
const pane = paneOf('Containers');

/** Podman's own CLI against the peer, asynchronously (the extension host must keep reading the event stream). */
async function podman(...args: string[]): Promise<string> {
  const env = {
    ...process.env,
    CONTAINERS_CONF: need('CC_PODMAN_CONTAINERS_CONF'),
    CONTAINERS_STORAGE_CONF: need('CC_PODMAN_STORAGE_CONF'),
    CONTAINERS_REGISTRIES_CONF: need('CC_PODMAN_REGISTRIES_CONF'),
  };
  return (await run('podman', args, { env, timeout: 60_000 })).stdout;
}

const eventInfo = async (): Promise<EventInfo> => (await vscode.commands.executeCommand<EventInfo>(CommandIds.containersEventInfo))!;
const statsOf = async (): Promise<EventSyncStats | undefined> => (await eventInfo()).followers.find((f) => f.engine === ENGINE)?.stats;
/** How often the view asked the Podman engine for the live state of all its containers. */
const liveReads = async (): Promise<number> => (await eventInfo()).followers.find((f) => f.engine === ENGINE)?.liveReads ?? 0;
const redraws = async (): Promise<{ full: number; node: number }> => (await vscode.commands.executeCommand<{ full: number; node: number }>(CommandIds.containersRedraws))!;

async function rows(): Promise<string[]> {
  return (await queryPage(`${pane} .monaco-list-row`)).filter((r) => r.visible).map((r) => r.text.replace(/\s+/g, ' ').trim());
}

/** Waits (by polling the DOM, not by a deadline on the product) until the rows pass `test`. */
async function waitForRows(test: (rows: string[]) => boolean, what: string, limitMs = 30_000): Promise<string[]> {
  const until = Date.now() + limitMs;
  let last: string[] = [];
  while (Date.now() < until) {
    last = await rows();
    if (test(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the Containers view never showed ${what}; rows: ${JSON.stringify(last)}`);
}

const rowOf = (rs: string[]) => rs.find((r) => r.startsWith(NAME));

/** Waits until the view's live reads of the engine stop changing (2 s without one). */
async function settledLiveReads(limitMs = 30_000): Promise<void> {
  const until = Date.now() + limitMs;
  let last = await liveReads();
  let since = Date.now();
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
    const n = await liveReads();
    if (n !== last) [last, since] = [n, Date.now()];
    else if (Date.now() - since >= 2000) return;
  }
  throw new Error('the view kept asking the engine for live state');
}

// Issue 19: with polling off, changes made by the engine's own CLI reach the catalog and the tree through
// the event stream alone. Counting, not timing: no poll runs, the follower counts the events it applied.
describe('containers view follows Podman events with polling off @page', function () {
  this.timeout(180_000);
  const socket = need('CC_PODMAN_SOCKET');
  const image = need('CC_PODMAN_IMAGE');
  const config = () => vscode.workspace.getConfiguration('containerCatalog.containers');

  before(async () => {
    await podman('rm', '-f', NAME);
    await config().update('pollIntervalSeconds', 0, vscode.ConfigurationTarget.Global);
    await config().update('followEngineEvents', true, vscode.ConfigurationTarget.Global);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
  });

  after(async () => {
    await podman('rm', '-f', NAME).catch(() => undefined);
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: ENGINE, confirmed: true });
    await config().update('pollIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
    await config().update('followEngineEvents', undefined, vscode.ConfigurationTarget.Global);
  });

  it('create, start, stop and remove by the podman CLI each reach the tree, with no poll', async () => {
    const engine = await vscode.commands.executeCommand<{ name: string }>(CommandIds.enginesConnect, { kind: 'podman', endpoint: socket, name: ENGINE });
    assert.equal(engine?.name, ENGINE);
    await vscode.commands.executeCommand('containerCatalog.containers.focus');
    await waitForSelector(`${pane} .monaco-list-row`);
    await waitForRows((rs) => rs.some((r) => r.startsWith('pd-web') && /Running/.test(r)), 'pd-web Running');
    // The stream is open and its first (gap) sync done before anything changes on the engine.
    const until = Date.now() + 30_000;
    while (((await statsOf())?.gapSyncs ?? 0) < 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    const before = await statsOf();
    assert.ok(before && before.connects >= 1 && before.gapSyncs >= 1, `no event stream followed: ${JSON.stringify(await eventInfo())}`);
    const pollsBefore = (await eventInfo()).polls;

    await podman('create', '--name', NAME, image, 'sleep', '600');
    let seen = await waitForRows((rs) => /Created|Exited|Stopped/.test(rowOf(rs) ?? ''), `${NAME} created`);
    assert.ok(rowOf(seen));
    // The create's redraws (a new row: the view lists the engine again, with its live state) are done once the
    // count of live reads stays put while the view has nothing pending.
    await settledLiveReads();
    const live = await liveReads();
    const drawn = await redraws();
    await podman('start', NAME);
    seen = await waitForRows((rs) => /Running/.test(rowOf(rs) ?? ''), `${NAME} Running`);
    await screenshot('containers-events-started', '#workbench\\.parts\\.sidebar');
    await podman('stop', '-t', '0', NAME);
    seen = await waitForRows((rs) => /Exited|Stopped/.test(rowOf(rs) ?? ''), `${NAME} stopped`);
    // Start and stop were drawn from the event's own inspect: the row alone, and no list of every container.
    assert.equal(await liveReads(), live, 'the view asked the engine for every container\'s state after a start or stop');
    const now = await redraws();
    assert.equal(now.full, drawn.full, 'the whole view was redrawn for a start or stop');
    assert.ok(now.node >= drawn.node + 2, JSON.stringify({ drawn, now }));
    await podman('rm', NAME);
    seen = await waitForRows((rs) => !rowOf(rs) && rs.some((r) => r.startsWith('pd-web')), `${NAME} gone`);
    assert.ok(seen.some((r) => r.startsWith('pd-plain')), 'the other containers stay');

    const after = (await statsOf())!;
    const info = await eventInfo();
    assert.equal(info.polls, pollsBefore, 'a poll ran although polling is off');
    // create, init, start, died/stop, remove (Podman may send more per step): at least one per CLI call.
    assert.ok(after.events - before.events >= 4, JSON.stringify({ before, after }));
    assert.ok(after.bursts - before.bursts >= 4, `each step was applied from its event: ${JSON.stringify({ before, after })}`);
    assert.equal(after.errors, before.errors);
    assert.equal(after.connects, before.connects, 'the stream reconnected (a gap sync, not the events, could have shown the change)');
  });
});
