import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID } from '../../../src/providers/platform/ids';
import { screenshot } from '../support/screenshot';
import { need } from '../support/peerEnv';
import { clickIn } from '../support/page';
import { chooseInQuickPick, eventually, panelsInfo, setTheme, waitForText, waitInPanel, WEBVIEW } from './panelDriver';

const ENGINE = 'docker-stats';

describe('container panel: live resource figures while visible, on the real Docker @page', function () {
  this.timeout(180_000);
  const running = need('CC_DOCKER_RUNNING');
  const feeds = async (): Promise<number | undefined> => (await panelsInfo()).find((p) => p.kind === 'container')?.counters.liveFeeds;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'docker', endpoint: need('CC_DOCKER_SOCKET'), name: ENGINE });
  });

  after(async () => {
    for (const t of vscode.window.terminals) t.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setTheme('Default Dark Modern');
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: ENGINE, confirmed: true });
  });

  it('shows CPU, memory, network and block IO, updated from the engine\'s stream', async () => {
    const opening = vscode.commands.executeCommand(CommandIds.containersOpenDetails);
    await chooseInQuickPick(running);
    await opening;
    await waitInPanel('vscode-tabs#tabs');
    await waitForText('#live', /Running/);
    // The Engine API's list has no PID; the panel reads it from the container's inspect.
    const pid = execFileSync('/usr/bin/docker', ['-H', `unix://${need('CC_DOCKER_SOCKET')}`, 'inspect', '-f', '{{.State.Pid}}', running], { encoding: 'utf8' }).trim();
    assert.match(pid, /^[1-9]\d*$/);
    await waitForText('dl.facts', new RegExp(`PID\\s+${pid}\\s`));
    await waitForText('#stats-cpu', /^\d+\.\d %$/);
    const memory = await waitForText('#stats-memory', /MiB/);
    assert.match(memory, /^\d+\.\d MiB/);
    assert.match(await waitForText('#stats-net', /received .* · sent /), /KiB|MiB/);
    await waitForText('#stats-block', /read .* · written /);
    assert.equal(await feeds(), 1, 'one feed while the panel is visible');
    await screenshot('panel-container-stats-dark');
    await setTheme('Default Light Modern');
    await screenshot('panel-container-stats-light');
    await setTheme('Default Dark Modern');
  });

  it('stops reading when the panel is hidden, and starts again when it shows', async () => {
    await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');
    await eventually('the feed stopped once hidden', feeds, (n) => n === 0);
    assert.equal((await panelsInfo()).find((p) => p.kind === 'container')?.visible, false);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await eventually('the feed runs again once shown', feeds, (n) => n === 1, 30_000);
    await waitForText('#stats-cpu', /%$/);
  });

  it('the Open Shell button opens a terminal in the container', async () => {
    const name = `${running} (${ENGINE})`;
    assert.ok(!vscode.window.terminals.some((t) => t.name === name));
    await clickIn('vscode-button#open-shell', WEBVIEW);
    await eventually('the shell terminal', async () => vscode.window.terminals.map((t) => t.name), (names) => names.includes(name));
    assert.match(await waitForText('.banner', /Opened a shell/), new RegExp(`"${running} \\(${ENGINE}\\)"`));
    await screenshot('panel-container-open-shell-dark');
  });
});
