import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';

/** Ports the harness may use (see COMMON.md: code-server/harness 5300-5399). */
const PORT_MIN = 5300;
const PORT_MAX = 5399;

/** The bundled VS Code server inside the code-server npm package that scripts/setup.sh installs. */
export function serverMainPath(repo: string): string {
  const tools = process.env.CC_TOOLS_DIR ? resolve(process.env.CC_TOOLS_DIR) : join(repo, '.tools');
  return join(tools, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
}

/** code-server's own CLI (used for --install-extension, which the bare VS Code server also has). */
export function codeServerEntryPath(repo: string): string {
  return join(dirname(dirname(dirname(dirname(serverMainPath(repo))))), 'out', 'node', 'entry.js');
}

/**
 * Installs a VSIX into the run's extensions folder the way a user would: `code-server
 * --install-extension`. Rejects with the CLI's output if it does not report success.
 */
export async function installExtension(o: { repo: string; dirs: HostDirs; vsix: string; logFile: string }): Promise<void> {
  const entry = codeServerEntryPath(o.repo);
  if (!existsSync(entry)) throw new Error(`code-server not installed (${entry} missing): run scripts/setup.sh`);
  const child = spawn(process.execPath, [
    entry, '--user-data-dir', o.dirs.userData, '--extensions-dir', o.dirs.extensions, '--install-extension', o.vsix,
  ], { cwd: o.dirs.workspace, env: { ...process.env, ...hygieneEnv(o.dirs) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  writeFileSync(o.logFile, `$ code-server --install-extension ${o.vsix}\n${output}\n`, { flag: 'a' });
  if (code !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`--install-extension ${o.vsix} failed (exit ${code}):\n${output}`);
  }
}

/** Folders of one host run; everything under the ignored .build/ so nothing lands in $HOME. */
export interface HostDirs {
  readonly root: string;
  readonly userData: string;
  readonly serverData: string;
  readonly extensions: string;
  readonly workspace: string;
  readonly tmp: string;
  readonly xdg: { readonly config: string; readonly data: string; readonly cache: string; readonly state: string };
}

export function makeHostDirs(root: string): HostDirs {
  const d: HostDirs = {
    root,
    userData: join(root, 'user-data'),
    serverData: join(root, 'server-data'),
    extensions: join(root, 'extensions'),
    workspace: join(root, 'workspace'),
    tmp: join(root, 'tmp'),
    xdg: { config: join(root, 'xdg', 'config'), data: join(root, 'xdg', 'data'), cache: join(root, 'xdg', 'cache'), state: join(root, 'xdg', 'state') },
  };
  for (const dir of [d.userData, d.serverData, d.extensions, d.workspace, d.tmp, ...Object.values(d.xdg)]) mkdirSync(dir, { recursive: true });
  // Quiet, deterministic workbench: no welcome page, no AI/chat UI, no telemetry, no trust prompt.
  const settings = {
    'workbench.startupEditor': 'none',
    'chat.disableAIFeatures': true,
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'workbench.enableExperiments': false,
    'update.mode': 'none',
    'workbench.tips.enabled': false,
    // The workspace sits inside the project's git repo: no "repository found in parent folders" toast.
    'git.openRepositoryInParentFolders': 'never',
    'git.autoRepositoryDetection': false,
    // The peers listen on loopback ports: no "Your application running on port N is available" toast over the screenshots.
    'remote.autoForwardPorts': false,
    // code-server has a tunnel provider, so without this its extension host still scans /proc and runs
    // `ls -l /proc/*/fd` and `ps` every few seconds looking for ports (a desktop window has no such scan):
    // that scan was most of the host's idle CPU, which the benchmark measures.
    'remote.autoForwardPortsSource': 'output',
    // Sticky scroll pins an expanded parent's row over the tree's top rows, where it takes the clicks
    // meant for them once an earlier suite left the tree scrolled (tests click rows by position).
    'workbench.tree.enableStickyScroll': false,
  };
  mkdirSync(join(d.userData, 'User'), { recursive: true });
  writeFileSync(join(d.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  // Port auto-forwarding is a machine setting: the remote side reads it from the server's own Machine folder.
  for (const machine of [join(d.serverData, 'Machine'), join(d.userData, 'Machine')]) {
    mkdirSync(machine, { recursive: true });
    writeFileSync(join(machine, 'settings.json'), JSON.stringify({ 'remote.autoForwardPorts': false, 'remote.autoForwardPortsSource': 'output' }, null, 2));
  }
  return d;
}

/** Environment that keeps code-server, chromium and their children inside the run folder. */
export function hygieneEnv(d: HostDirs): Record<string, string> {
  return {
    XDG_CONFIG_HOME: d.xdg.config,
    XDG_DATA_HOME: d.xdg.data,
    XDG_CACHE_HOME: d.xdg.cache,
    XDG_STATE_HOME: d.xdg.state,
    TMPDIR: d.tmp,
    // code-server's extension gallery defaults to open-vsx.org, which the workbench queries at start
    // (a DNS lookup leaving the machine). Tests talk to loopback only: the gallery is a closed port.
    EXTENSIONS_GALLERY: JSON.stringify(LOOPBACK_GALLERY),
  };
}

/** Port 9 (discard): nothing listens, so every gallery request is refused at once, on 127.0.0.1. */
const LOOPBACK_GALLERY = {
  serviceUrl: 'http://127.0.0.1:9/vscode/gallery',
  itemUrl: 'http://127.0.0.1:9/vscode/item',
  resourceUrlTemplate: 'http://127.0.0.1:9/vscode/asset/{publisher}/{name}/{version}/{path}',
  controlUrl: '',
  recommendationsUrl: '',
};

function portIsFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen({ host: '127.0.0.1', port, exclusive: true }, () => srv.close(() => res(true)));
  });
}

/** A free port in the harness range, starting at a random offset so parallel runs rarely collide. */
export async function pickPort(exclude: ReadonlySet<number> = new Set()): Promise<number> {
  const span = PORT_MAX - PORT_MIN + 1;
  const start = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const port = PORT_MIN + ((start + i) % span);
    if (!exclude.has(port) && (await portIsFree(port))) return port;
  }
  throw new Error(`no free port in ${PORT_MIN}-${PORT_MAX}`);
}

function httpOk(port: number): Promise<boolean> {
  return new Promise((res) => {
    const req = request({ host: '127.0.0.1', port, path: '/', method: 'GET', timeout: 2000 }, (r) => {
      r.resume();
      res((r.statusCode ?? 500) < 500);
    });
    req.on('error', () => res(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

export interface RunningServer {
  readonly port: number;
  readonly process: ChildProcess;
  /** Kills the server's whole process group (server, extension host, watchers, pty host). */
  stop(): Promise<void>;
}

export interface StartServerOptions {
  readonly repo: string;
  readonly dirs: HostDirs;
  /** Extra environment for the server; it reaches the extension host (peers' CC_* endpoints etc.). */
  readonly env: Record<string, string>;
  /** Server stdout/stderr go here (they are noisy); the driver prints the tail on failure. */
  readonly logFile: string;
  readonly readyTimeoutMs?: number;
}

/**
 * Starts `server-main.js` detached (its own process group) on a free loopback port and waits until
 * it answers HTTP. Retries on another port if the chosen one was taken meanwhile.
 */
export async function startServer(o: StartServerOptions): Promise<RunningServer> {
  const main = serverMainPath(o.repo);
  if (!existsSync(main)) throw new Error(`code-server not installed (${main} missing): run scripts/setup.sh`);
  const tried = new Set<number>();
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await pickPort(tried);
    tried.add(port);
    try {
      return await startOn(port, main, o);
    } catch (err) {
      lastError = err as Error;
      process.stdout.write(`driver: server on port ${port} failed to start: ${lastError.message}\n`);
    }
  }
  throw lastError ?? new Error('server did not start');
}

async function startOn(port: number, main: string, o: StartServerOptions): Promise<RunningServer> {
  const d = o.dirs;
  const log = createWriteStream(o.logFile, { flags: 'a' });
  const child = spawn(process.execPath, [
    main,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    // Newer VS Code builds ignore the `payload` test URL without it; harmless on 1.100.3.
    '--enable-smoke-test-driver',
    '--user-data-dir', d.userData,
    '--server-data-dir', d.serverData,
    '--extensions-dir', d.extensions,
  ], {
    cwd: d.workspace,
    env: { ...process.env, ...hygieneEnv(d), ...o.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let exited: string | undefined;
  child.once('exit', (code, signal) => { exited = `exited with ${signal ?? code}`; });
  const stop = (): Promise<void> => killGroup(child, () => log.end());
  const deadline = Date.now() + (o.readyTimeoutMs ?? 60_000);
  while (!(await httpOk(port))) {
    if (exited) { await stop(); throw new Error(`server ${exited} (log: ${o.logFile})`); }
    if (Date.now() > deadline) { await stop(); throw new Error(`server not ready on port ${port} (log: ${o.logFile})`); }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { port, process: child, stop };
}

/** SIGTERM to the process group, SIGKILL after 5 s; resolves once the leader is gone. */
export async function killGroup(child: ChildProcess, after?: () => void): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const alive = (): boolean => {
    try { process.kill(-pid, 0); return true; } catch { return false; }
  };
  const signal = (s: NodeJS.Signals): void => {
    try { process.kill(-pid, s); } catch { /* group already gone */ }
  };
  signal('SIGTERM');
  const deadline = Date.now() + 5000;
  while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (alive()) signal('SIGKILL');
  after?.();
}
