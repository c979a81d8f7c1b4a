import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, VIEW_CONTAINER_ID } from '../../src/providers/platform/ids';
import { chooseInQuickPick, eventually, setTheme } from './panels/panelDriver';
import { clickIn, pageRequest, queryPage } from './support/page';
import { need } from './support/peerEnv';
import { screenshot } from './support/screenshot';
import { paneOf } from './support/views';

const pane = paneOf('Containers');

function podman(args: string[]): string {
  return execFileSync('podman', args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CONTAINERS_CONF: need('CC_PODMAN_CONTAINERS_CONF'), CONTAINERS_STORAGE_CONF: need('CC_PODMAN_STORAGE_CONF'), CONTAINERS_REGISTRIES_CONF: need('CC_PODMAN_REGISTRIES_CONF') },
  });
}

/** The lines the visible terminal shows (xterm's DOM renderer), spaces normalised. */
async function terminalLines(): Promise<string[]> {
  const rows = (await queryPage('.terminal-wrapper.active .xterm-rows')).filter((r) => r.visible);
  return rows.flatMap((r) => r.text.replace(/\u00a0/g, ' ').split('\n')).map((l) => l.trimEnd());
}

async function waitForLine(test: (line: string) => boolean, what: string, timeoutMs = 20_000): Promise<string[]> {
  return eventually(`terminal line ${what}`, terminalLines, (lines) => lines.some(test), timeoutMs);
}

/**
 * The last `stty size` answer the terminal shows: [rows, columns]. VS Code tells the pty the new size a
 * moment after the setting changes, so the question is asked again (every 2 s) until the answer holds.
 */
async function sttySize(send: (text: string) => Promise<void>, test: (size: [number, number]) => boolean, what: string): Promise<[number, number]> {
  const last = (lines: string[]): [number, number] | undefined => {
    const m = lines.map((l) => /^(\d+) (\d+)$/.exec(l)).filter((x) => x !== null).pop();
    return m ? [Number(m[1]), Number(m[2])] : undefined;
  };
  let asked = 0;
  const lines = await eventually(`stty size ${what}`, async () => {
    if (Date.now() - asked >= 2_000) {
      asked = Date.now();
      await send('stty size');
    }
    return terminalLines();
  }, (l) => {
    const s = last(l);
    return s !== undefined && test(s);
  });
  return last(lines)!;
}

/**
 * A larger terminal font leaves fewer rows and columns: the shell's `stty size` follows, and back. (The
 * font, not the panel's size: toggling the panel raced with the panel opening for a new terminal.)
 */
async function followsResize(send: (text: string) => Promise<void>): Promise<void> {
  const [rows, cols] = await sttySize(send, () => true, 'before');
  assert.ok(rows > 0 && cols > 0);
  const terminal = vscode.workspace.getConfiguration('terminal.integrated');
  await terminal.update('fontSize', 24, vscode.ConfigurationTarget.Global);
  try {
    await sttySize(send, ([r, c]) => r < rows && c < cols, `with fewer than ${rows} rows and ${cols} columns`);
  } finally {
    await terminal.update('fontSize', undefined, vscode.ConfigurationTarget.Global);
  }
  await sttySize(send, ([r, c]) => r === rows && c === cols, `back to ${rows} rows and ${cols} columns`);
}

describe('container shell in a VS Code terminal with real LXD, Podman and Docker @page', function () {
  this.timeout(120_000);
  const lxdSocket = need('CC_LXD_SOCKET');
  const podmanSocket = need('CC_PODMAN_SOCKET');
  const dockerSocket = need('CC_DOCKER_SOCKET');
  const running = need('CC_LXD_RUNNING');
  const terminals = (): string[] => vscode.window.terminals.map((t) => t.name);

  before(async () => {
    // xterm's DOM renderer, so the page shows the terminal's text (the GPU renderer draws on a canvas).
    await vscode.workspace.getConfiguration('terminal.integrated').update('gpuAcceleration', 'off', vscode.ConfigurationTarget.Global);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'lxd', endpoint: lxdSocket, name: 'lxd-shell' });
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'podman', endpoint: podmanSocket, name: 'podman-shell' });
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'docker', endpoint: dockerSocket, name: 'docker-shell' });
  });

  after(async () => {
    for (const t of vscode.window.terminals) t.dispose();
    for (const engine of ['lxd-shell', 'podman-shell', 'docker-shell']) {
      await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine, confirmed: true });
    }
    await vscode.workspace.getConfiguration('terminal.integrated').update('gpuAcceleration', undefined, vscode.ConfigurationTarget.Global);
  });

  it('opens a shell from the tree row\'s inline action: typing echo $((6*7)) shows 42, stty size follows a resize, exit 3 shows status 3', async () => {
    await vscode.commands.executeCommand('containerCatalog.containers.focus');
    const row = `${pane} .monaco-list-row:has-text("${running}")`;
    await eventually(`row ${running} running`, () => queryPage(row), (r) => r.some((x) => x.visible && /Running/.test(x.text)), 30_000);
    const name = `${running} (lxd-shell)`;
    // A selected row shows its inline actions. The fresh-machine run on 13ec788 saw a click on the action open
    // nothing, with no error anywhere (the row is redrawn as its live state is read again); a user clicks
    // again, and so does this, at most twice more, once no terminal came.
    for (let attempt = 1; ; attempt++) {
      await clickIn(row);
      await clickIn(`${row} .action-label[aria-label="Open Shell"]`);
      try {
        await eventually('the shell terminal', async () => terminals(), (t) => t.includes(name), 10_000);
        break;
      } catch (e) {
        if (attempt === 3) throw e;
        console.log(`the Open Shell click opened no terminal (attempt ${attempt}): clicking again`);
      }
    }
    assert.equal(terminals().filter((t) => t === name).length, 1, 'one shell terminal');
    await waitForLine((l) => /#\s*$/.test(l), 'with the shell prompt');
    await pageRequest({ op: 'type', text: 'echo $((6*7))' });
    await pageRequest({ op: 'press', key: 'Enter' });
    const lines = await waitForLine((l) => l === '42', '42');
    assert.ok(lines.some((l) => /echo \$\(\(6\*7\)\)/.test(l)), 'the typed command is echoed by the shell');
    await followsResize((text) => pageRequest({ op: 'type', text }).then(() => pageRequest({ op: 'press', key: 'Enter' })).then(() => undefined));
    await setTheme('Default Dark Modern');
    await screenshot('container-shell-lxd-dark');
    await setTheme('Default Light Modern');
    await screenshot('container-shell-lxd-light');
    await setTheme('Default Dark Modern');
    await pageRequest({ op: 'type', text: 'exit 3' });
    await pageRequest({ op: 'press', key: 'Enter' });
    await waitForLine((l) => /exited with status 3/.test(l), 'exited with status 3');
    await screenshot('container-shell-lxd-exited');
    // Any key closes the ended terminal.
    await pageRequest({ op: 'press', key: 'Enter' });
    await eventually('the ended terminal closed', async () => terminals(), (t) => !t.includes(name));
  });

  for (const [engine, container] of [
    ['podman-shell', need('CC_PODMAN_RUNNING')],
    ['docker-shell', need('CC_DOCKER_RUNNING')],
  ] as const) {
    it(`opens a shell in ${engine} given as an argument object: text sent to it runs, stty size follows a resize, exit 3 shows status 3`, async () => {
      const name = await vscode.commands.executeCommand<string>(CommandIds.containersOpenShell, { engine, container });
      assert.equal(name, `${container} (${engine})`);
      const terminal = vscode.window.terminals.find((t) => t.name === name);
      assert.ok(terminal, 'the terminal exists');
      await waitForLine((l) => /#\s*$/.test(l), 'with the shell prompt');
      terminal.sendText('echo $((6*7))');
      await waitForLine((l) => l === '42', '42');
      await followsResize(async (text) => terminal.sendText(text));
      terminal.sendText('exit 3');
      await waitForLine((l) => /exited with status 3/.test(l), 'exited with status 3');
      await screenshot(`container-shell-${engine}`);
      terminal.dispose();
    });
  }

  it('offers to start a stopped container from the palette; started, it opens the shell', async () => {
    const ct = 'h15-stopped';
    podman(['rm', '-f', ct]);
    podman(['create', '--name', ct, '--network', 'none', need('CC_PODMAN_IMAGE'), 'sleep', '1000']);
    try {
      await vscode.commands.executeCommand(CommandIds.enginesSync, { engine: 'podman-shell' });
      const opening = Promise.resolve(vscode.commands.executeCommand<string>(CommandIds.containersOpenShell));
      await chooseInQuickPick('podman-shell');
      await chooseInQuickPick(ct);
      // VS Code refuses modal dialogs under test and says so with the dialog's contents: that is the offer.
      const toast = await eventually('the offer to start it', () => queryPage('.notifications-toasts .notification-toast'), (t) => t.some((x) => x.text.includes(`Contents: ${ct} is not running (created). Start it and open a shell?`)));
      assert.ok(toast.length > 0);
      assert.equal(await opening, undefined, 'nothing opened without an answer');
      assert.equal(podman(['inspect', '-f', '{{.State.Running}}', ct]).trim(), 'false');
      // What the offer's button does, as a calling program asks for it.
      const name = await vscode.commands.executeCommand<string>(CommandIds.containersOpenShell, { engine: 'podman-shell', container: ct, startIfStopped: true });
      assert.equal(name, `${ct} (podman-shell)`);
      assert.equal(podman(['inspect', '-f', '{{.State.Running}}', ct]).trim(), 'true');
      await waitForLine((l) => /#\s*$/.test(l), 'with the shell prompt');
      vscode.window.terminals.find((t) => t.name === name)?.dispose();
    } finally {
      podman(['rm', '-f', ct]);
    }
  });

  it('refuses a stopped container with a clear error, and a bad argument object', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand(CommandIds.containersOpenShell, { engine: 'lxd-shell', container: 'ct-plain' })),
      /ct-plain is not running \(Stopped\)/,
    );
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand(CommandIds.containersOpenShell, { engine: 'lxd-shell', container: 'ct-plain', shel: '/bin/sh' })),
      /unknown key "shel"/,
    );
    assert.ok(!terminals().some((t) => t.startsWith('ct-plain')), 'no terminal was opened');
  });
});
