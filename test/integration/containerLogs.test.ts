import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, VIEW_CONTAINER_ID } from '../../src/providers/platform/ids';
import { eventually, setTheme } from './panels/panelDriver';
import { lxc } from './support/lxc';
import { queryPage } from './support/page';
import { need } from './support/peerEnv';
import { screenshot } from './support/screenshot';

const NAME = 'h15-host-ticker';
const QUIET = 'h15-host-quiet';

function podman(args: string[]): string {
  return execFileSync('podman', args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      CONTAINERS_CONF: need('CC_PODMAN_CONTAINERS_CONF'),
      CONTAINERS_STORAGE_CONF: need('CC_PODMAN_STORAGE_CONF'),
      CONTAINERS_REGISTRIES_CONF: need('CC_PODMAN_REGISTRIES_CONF'),
    },
  });
}

const repo = join(__dirname, '..', '..', '..');

/** Stops or starts only the Podman peer's API service (the "engine down" case). */
function podmanService(action: 'service-stop' | 'service-start'): void {
  // Not this host's TMPDIR nor its working folder: the restarted service outlives the run, whose folders are
  // then removed (conmon then fails to start any container: "Failed to get working directory").
  const env = { ...process.env };
  delete env.TMPDIR;
  execFileSync('bash', [join(repo, 'test', 'peers', 'podman.sh'), action], { stdio: 'ignore', env, cwd: repo });
}

async function terminalLines(): Promise<string[]> {
  const rows = (await queryPage('.terminal-wrapper.active .xterm-rows')).filter((r) => r.visible);
  return rows.flatMap((r) => r.text.replace(/\u00a0/g, ' ').split('\n')).map((l) => l.trimEnd());
}

const ticks = (lines: string[]): number[] => lines.map((l) => Number(/tick (\d+)$/.exec(l)?.[1] ?? NaN)).filter((n) => !Number.isNaN(n));

describe('container logs in a VS Code terminal with real Podman @page', function () {
  this.timeout(120_000);

  before(async () => {
    await vscode.workspace.getConfiguration('terminal.integrated').update('gpuAcceleration', 'off', vscode.ConfigurationTarget.Global);
    podman(['rm', '-f', NAME]);
    podman(['run', '-d', '--name', NAME, need('CC_PODMAN_IMAGE'), 'sh', '-c', 'i=0; while :; do i=$((i+1)); echo "tick $i"; echo "oops $i" >&2; sleep 1; done']);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'podman', endpoint: need('CC_PODMAN_SOCKET'), name: 'podman-logs' });
    await eventually('three ticks', async () => podman(['logs', NAME]), (t) => /tick 3/.test(t));
  });

  after(async () => {
    for (const t of vscode.window.terminals) t.dispose();
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: 'podman-logs', confirmed: true });
    await vscode.workspace.getConfiguration('terminal.integrated').update('gpuAcceleration', undefined, vscode.ConfigurationTarget.Global);
    podman(['rm', '-f', NAME]);
  });

  it('shows the old lines, then new ones as they come, stderr marked', async () => {
    const name = await vscode.commands.executeCommand<string>(CommandIds.containersShowLogs, { engine: 'podman-logs', container: NAME, tail: 4, timestamps: false });
    assert.equal(name, `Log: ${NAME} (podman-logs)`);
    const first = await eventually('old lines', terminalLines, (l) => ticks(l).length > 0);
    const oldest = Math.max(...ticks(first));
    const later = await eventually('a new line', terminalLines, (l) => ticks(l).some((n) => n > oldest + 1));
    assert.ok(later.some((l) => /^▌ oops \d+$/.test(l)), `stderr lines are marked: ${JSON.stringify(later.slice(-8))}`);
    assert.ok(!later.some((l) => /^▌ tick/.test(l)), 'stdout lines are not');
    await setTheme('Default Dark Modern');
    await screenshot('container-logs-podman-dark');
    await setTheme('Default Light Modern');
    await screenshot('container-logs-podman-light');
    await setTheme('Default Dark Modern');
    vscode.window.terminals.find((t) => t.name === name)?.dispose();
    await eventually('the log terminal closed', async () => vscode.window.terminals.map((t) => t.name), (t) => !t.includes(name));
  });

  it('a quiet container\'s log opens empty and live, and shows its first line when it comes', async () => {
    podman(['rm', '-f', QUIET]);
    podman(['run', '-d', '--name', QUIET, need('CC_PODMAN_IMAGE'), 'sh', '-c', 'while [ ! -e /tmp/go ]; do sleep 0.2; done; echo first-line; sleep 1000']);
    try {
      // Podman sends this log's headers only with its first line: the command must not wait for them.
      const name = await vscode.commands.executeCommand<string>(CommandIds.containersShowLogs, { engine: 'podman-logs', container: QUIET, timestamps: false });
      await eventually('the log terminal', async () => vscode.window.terminals.map((t) => t.name), (t) => t.includes(name));
      assert.ok(!(await terminalLines()).some((l) => /first-line|The log stopped/.test(l)), 'nothing yet');
      podman(['exec', QUIET, 'touch', '/tmp/go']);
      const lines = await eventually('the first line', terminalLines, (l) => l.includes('first-line'));
      assert.ok(!lines.some((l) => /The log stopped/.test(l)), JSON.stringify(lines));
      vscode.window.terminals.find((t) => t.name === name)?.dispose();
    } finally {
      podman(['rm', '-f', QUIET]);
    }
  });

  it('a log and a shell say so when the engine goes away mid-stream, and stay readable', async () => {
    const shellName = await vscode.commands.executeCommand<string>(CommandIds.containersOpenShell, { engine: 'podman-logs', container: NAME });
    const shell = vscode.window.terminals.find((t) => t.name === shellName)!;
    await eventually('the shell prompt', terminalLines, (l) => l.some((x) => /#\s*$/.test(x)));
    shell.sendText('echo $((6*7))');
    await eventually('42 in the shell', terminalLines, (l) => l.includes('42'));
    const logName = await vscode.commands.executeCommand<string>(CommandIds.containersShowLogs, { engine: 'podman-logs', container: NAME, tail: 2, timestamps: false });
    await eventually('ticks in the log', terminalLines, (l) => ticks(l).length > 0);
    try {
      // Podman's API service is killed; its containers keep running under conmon.
      podmanService('service-stop');
      const log = await eventually('the log says it stopped', terminalLines, (l) => l.some((x) => /^The log stopped: \S/.test(x)));
      assert.ok(ticks(log).length > 0, `what was shown stays: ${JSON.stringify(log.slice(-8))}`);
      assert.ok(log.includes('Press any key to close the terminal.'));
      assert.ok(vscode.window.terminals.some((t) => t.name === logName), 'the log terminal stays open');
      await screenshot('container-logs-engine-down');
      shell.show();
      const sh = await eventually('the shell says its connection ended', terminalLines, (l) => l.some((x) => /^The connection to the container ended: /.test(x)));
      assert.ok(sh.includes('42'), `the shell's output stays: ${JSON.stringify(sh.slice(-8))}`);
      assert.ok(vscode.window.terminals.some((t) => t.name === shellName), 'the shell terminal stays open');
      await screenshot('container-shell-engine-down');
    } finally {
      podmanService('service-start');
    }
    for (const t of vscode.window.terminals.filter((x) => x.name === shellName || x.name === logName)) t.dispose();
  });

  it('refuses a bad tail and an unknown container with clear errors', async () => {
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.containersShowLogs, { engine: 'podman-logs', container: NAME, tail: -1 })), /whole number of 0 or more/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.containersShowLogs, { engine: 'podman-logs', container: 'no-such-ct' })), /no-such-ct|no such container/i);
  });
});

describe('container logs in a VS Code terminal with real Docker @page', function () {
  this.timeout(120_000);
  const docker = (args: string[]): string => execFileSync('/usr/bin/docker', ['-H', `unix://${need('CC_DOCKER_SOCKET')}`, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  before(async () => {
    await vscode.workspace.getConfiguration('terminal.integrated').update('gpuAcceleration', 'off', vscode.ConfigurationTarget.Global);
    docker(['rm', '-f', NAME]);
    docker(['run', '-d', '--name', NAME, need('CC_DOCKER_IMAGE'), 'sh', '-c', 'i=0; while :; do i=$((i+1)); echo "tick $i"; echo "oops $i" >&2; sleep 1; done']);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'docker', endpoint: need('CC_DOCKER_SOCKET'), name: 'docker-logs' });
    await eventually('three ticks', async () => docker(['logs', NAME]), (t) => /tick 3/.test(t));
  });

  after(async () => {
    for (const t of vscode.window.terminals) t.dispose();
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: 'docker-logs', confirmed: true });
    await vscode.workspace.getConfiguration('terminal.integrated').update('gpuAcceleration', undefined, vscode.ConfigurationTarget.Global);
    docker(['rm', '-f', NAME]);
  });

  it('shows the old lines, then new ones as they come, stderr marked', async () => {
    const name = await vscode.commands.executeCommand<string>(CommandIds.containersShowLogs, { engine: 'docker-logs', container: NAME, tail: 4, timestamps: false });
    assert.equal(name, `Log: ${NAME} (docker-logs)`);
    const first = await eventually('old lines', terminalLines, (l) => ticks(l).length > 0);
    const oldest = Math.max(...ticks(first));
    const later = await eventually('a new line', terminalLines, (l) => ticks(l).some((n) => n > oldest + 1));
    assert.ok(later.some((l) => /^▌ oops \d+$/.test(l)), `stderr lines are marked: ${JSON.stringify(later.slice(-8))}`);
    assert.ok(!later.some((l) => /^▌ tick/.test(l)), 'stdout lines are not');
  });
});

describe('container logs in a VS Code terminal with real LXD @page', function () {
  this.timeout(120_000);
  const ct = need('CC_LXD_RUNNING');
  // LXD gives the instance's console log where it can, and its lxc.log otherwise (LXD 5.0 here): an exec adds
  // a line to either, the marker it writes to the console or lxc's own timestamped attach line.
  const MARK = 'lxd-log-marker';
  const stamp = (l: string): number => Number(/^lxc \S+ (\d{14}\.\d+) /.exec(l)?.[1] ?? 0);
  const newest = (lines: string[]): number => Math.max(0, ...lines.map(stamp));

  before(async () => {
    await vscode.workspace.getConfiguration('terminal.integrated').update('gpuAcceleration', 'off', vscode.ConfigurationTarget.Global);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'lxd', endpoint: need('CC_LXD_SOCKET'), name: 'lxd-logs' });
    await lxc('exec', ct, '--', 'sh', '-c', `echo ${MARK}-0 > /dev/console`);
  });

  after(async () => {
    for (const t of vscode.window.terminals) t.dispose();
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: 'lxd-logs', confirmed: true });
    await vscode.workspace.getConfiguration('terminal.integrated').update('gpuAcceleration', undefined, vscode.ConfigurationTarget.Global);
  });

  it('shows the instance\'s log so far, then what an exec adds to it as it comes', async () => {
    const name = await vscode.commands.executeCommand<string>(CommandIds.containersShowLogs, { engine: 'lxd-logs', container: ct, tail: 20, timestamps: false });
    assert.equal(name, `Log: ${ct} (lxd-logs)`);
    const first = await eventually('the log so far', terminalLines, (l) => l.some((x) => x.includes(`${MARK}-0`)) || newest(l) > 0);
    const before = newest(first);
    await lxc('exec', ct, '--', 'sh', '-c', `echo ${MARK}-1 > /dev/console`);
    const lines = await eventually('a line added by the exec', terminalLines, (l) => l.some((x) => x.includes(`${MARK}-1`)) || newest(l) > before);
    assert.ok(!lines.some((l) => /The log stopped/.test(l)), JSON.stringify(lines.slice(-8)));
    await screenshot('container-logs-lxd');
    vscode.window.terminals.find((t) => t.name === name)?.dispose();
  });
});
