import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { basename, dirname, join, resolve } from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { ENV_EXTENSIONS_DIR, ENV_PAGE_DIR, ENV_RESULTS_FILE, ENV_SCREENSHOT_DIR, PAGE_MARKER, SCREENSHOT_MARKER, SCREENSHOT_NAME } from '../support/protocol';
import { hygieneEnv, installExtension, makeHostDirs, startServer } from './codeServer';
import type { RunningServer } from './codeServer';
import { handlePageRequest } from './pageRequests';
import { EXTENSION_ID } from '../../../src/providers/platform/ids';

// The integration-test driver: runs a mocha suite inside the real VS Code extension host of
// code-server, opened in Debian's chromium via playwright-core.
//   node out/test/integration/driver/runHost.js              the integration suite against this repo
//                                                             (extensionDevelopmentPath = the repo)
//   node out/test/integration/driver/runHost.js --bench       the code-server bench (bench/host/), on the catalog
//       file CC_BENCH_SEED_CATALOG, copied in as the extension's catalog before the server starts
//   node out/test/integration/driver/runHost.js --vsix FILE  installs FILE with code-server's
//       --install-extension and runs out/test/vsix/ against the INSTALLED extension (the
//       development path is then the tiny probe in test/fixtures/vsix-probe, which has no code)
// Env: CC_TOOLS_DIR (code-server install), CC_CHROMIUM (browser binary), CC_HOST_TIMEOUT_MS,
// CC_TEST_GREP (mocha grep), CC_KEEP_OPEN=1 (leave the page open after the run, for debugging).
// Exit code: 0 only if the host reported exit 0 AND the suite's counts file shows no failure.

const repo = resolve(__dirname, '..', '..', '..', '..');
const resultsDir = join(repo, 'test-results');
const screenshotDir = join(resultsDir, 'screenshots');

/** What one driver run executes. */
interface SuitePlan {
  readonly suite: string;
  /** The folder loaded as the extension under development. */
  readonly developmentPath: string;
  /** The compiled suite index, without `.js`. */
  readonly testsIndex: string;
  readonly countsFile: string;
  /** A VSIX to install into the run's extensions folder before the server starts. */
  readonly vsix?: string;
  /**
   * Extension folders packaged and installed next to ours (the API consumer of test/api-consumer/). Installed,
   * not loaded as a second extensionDevelopmentPath: code-server's remote host then loads only one of them.
   */
  readonly alsoInstalled?: readonly string[];
  /** A catalog file the extension finds as its own (`<globalStorage>/catalog.db`) when it first opens it. */
  readonly seedCatalog?: string;
}

function planFromArgs(argv: readonly string[]): SuitePlan {
  if (argv.includes('--restore')) {
    // Two extension hosts in one window: the suite reloads the window halfway (test/restore/index.ts).
    return { suite: 'restore', developmentPath: repo, testsIndex: join(repo, 'out', 'test', 'restore', 'index'), countsFile: join(resultsDir, 'restore.json') };
  }
  if (argv.includes('--bench')) {
    const seedCatalog = process.env.CC_BENCH_SEED_CATALOG;
    if (!seedCatalog) throw new Error('--bench needs CC_BENCH_SEED_CATALOG (bench/hostBench.ts sets it)');
    return { suite: 'bench', developmentPath: repo, testsIndex: join(repo, 'out', 'bench', 'host', 'index'), countsFile: join(resultsDir, 'bench.json'), seedCatalog };
  }
  const i = argv.indexOf('--vsix');
  if (i < 0) {
    return {
      suite: 'integration', developmentPath: repo, testsIndex: join(repo, 'out', 'test', 'integration', 'index'), countsFile: join(resultsDir, 'integration.json'),
      alsoInstalled: [join(repo, 'out', 'test', 'api-consumer')],
    };
  }
  const vsix = argv[i + 1];
  if (!vsix) throw new Error('--vsix needs a file');
  return {
    suite: 'vsix',
    developmentPath: join(repo, 'test', 'fixtures', 'vsix-probe'),
    testsIndex: join(repo, 'out', 'test', 'vsix', 'index'),
    countsFile: join(resultsDir, 'vsix.json'),
    vsix: resolve(vsix),
  };
}

/** Workbench log lines that are expected on an offline machine and only bury the test output. */
const HARMLESS_NOISE = [
  /ECONNREFUSED 127\.0\.0\.1:9\b/, // the gallery query, sent to a closed loopback port (hygieneEnv)
  /\[Service Worker\] registration/, // the server has no service worker route for this build
];

const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
  // The browser resolves no host name but loopback's: nothing it loads can reach another address.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE [::1], EXCLUDE localhost',
];

function out(line: string): void {
  try {
    process.stdout.write(line.endsWith('\n') ? line : line + '\n');
  } catch {
    // EPIPE when the reader went away (e.g. `| head`): keep running so cleanup still happens.
  }
}
process.stdout.on('error', () => undefined);

/**
 * The host's console calls arrive as their argument list (`["%s%s","a","b"]`, sometimes as JSON); format
 * them like console.log would so the output reads like mocha's and markers are plain lines.
 */
function formatHostMessage(message: unknown): string {
  let args: unknown = message;
  if (typeof message === 'string') {
    try {
      args = JSON.parse(message);
    } catch {
      return message;
    }
  }
  return Array.isArray(args) ? format(...(args as unknown[])) : typeof message === 'string' ? message : JSON.stringify(message);
}

function pidAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** Run folders are named run-<pid>; remove those whose driver is gone. */
function cleanOldRuns(hostRoot: string): void {
  if (!existsSync(hostRoot)) return;
  for (const name of readdirSync(hostRoot)) {
    const m = /^run-(\d+)$/.exec(name);
    if (m && !pidAlive(Number(m[1]))) rmSync(join(hostRoot, name), { recursive: true, force: true });
  }
}

function writeAtomic(file: string, data: string | Buffer): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

async function main(): Promise<number> {
  const plan = planFromArgs(process.argv.slice(2));
  const { countsFile } = plan;
  if (!existsSync(plan.testsIndex + '.js')) throw new Error(`${plan.testsIndex}.js missing: run \`node esbuild.mjs --tests\` first`);
  const hostRoot = join(repo, '.build', 'host');
  cleanOldRuns(hostRoot);
  // CC_HOST_RUN_DIR (the bench's second window): the same user data, so what the first run left (the catalog,
  // what the views kept of it) is there, as in a window opened again.
  const dirs = makeHostDirs(process.env.CC_HOST_RUN_DIR ?? join(hostRoot, `run-${process.pid}`));
  const pageDir = join(dirs.root, 'page');
  mkdirSync(pageDir, { recursive: true });
  mkdirSync(screenshotDir, { recursive: true });
  rmSync(countsFile, { force: true });
  // The restore suite's halves talk through files next to the counts; a previous run's must not count.
  for (const leftover of [`${countsFile}.before-reload`, `${countsFile}.expect.json`]) rmSync(leftover, { force: true });
  // The workbench's own logs, handed over with the exit code (one folder per suite).
  const hostLogsDir = join(resultsDir, 'host-logs', plan.suite);
  rmSync(hostLogsDir, { recursive: true, force: true });
  if (plan.seedCatalog) {
    const storage = join(dirs.userData, 'User', 'globalStorage', EXTENSION_ID.toLowerCase());
    mkdirSync(storage, { recursive: true });
    const catalog = join(storage, 'catalog.db');
    if (!existsSync(catalog)) {
      copyFileSync(plan.seedCatalog, catalog);
      // The mark the seeding process's last save wrote (size and hash of these bytes): the catalog is then, as
      // after a user's own session, a file the extension itself last wrote.
      if (existsSync(`${plan.seedCatalog}.checked`)) copyFileSync(`${plan.seedCatalog}.checked`, `${catalog}.checked`);
    }
  }
  // Playwright puts chromium's profile under os.tmpdir(): keep it in the run folder too.
  Object.assign(process.env, hygieneEnv(dirs));

  const serverLog = join(dirs.root, 'server.log');
  const browserLog = createWriteStream(join(dirs.root, 'browser-console.log'));
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const cleanup = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    browser = undefined;
    await server?.stop();
    server = undefined;
    browserLog.end();
  };
  const onSignal = (sig: NodeJS.Signals): void => {
    out(`driver: ${sig}, stopping`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    for (const folder of plan.alsoInstalled ?? []) {
      const vsix = join(dirs.root, `${basename(folder)}.vsix`);
      execFileSync(join(repo, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix], { cwd: folder, stdio: 'ignore' });
      await installExtension({ repo, dirs, vsix, logFile: serverLog });
      out(`driver: installed ${folder} (packaged as ${vsix})`);
    }
    if (plan.vsix) {
      await installExtension({ repo, dirs, vsix: plan.vsix, logFile: serverLog });
      out(`driver: installed ${plan.vsix} into ${dirs.extensions}`);
    }
    server = await startServer({
      repo,
      dirs,
      logFile: serverLog,
      env: {
        [ENV_SCREENSHOT_DIR]: screenshotDir,
        [ENV_PAGE_DIR]: pageDir,
        [ENV_RESULTS_FILE]: countsFile,
        [ENV_EXTENSIONS_DIR]: dirs.extensions,
      },
    });
    const port = server.port;
    out(`driver: code-server (VS Code server) on http://127.0.0.1:${port}/ (log ${serverLog})`);

    browser = await chromium.launch({
      executablePath: process.env.CC_CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_FLAGS,
      env: { ...process.env } as Record<string, string>,
    });
    const page: Page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on('console', (m) => browserLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => browserLog.write(`[pageerror] ${e.message}\n`));

    // Screenshots and page requests run one at a time, in the order the tests asked for them.
    let queue: Promise<void> = Promise.resolve();
    const enqueue = (job: () => Promise<void>): void => {
      queue = queue.then(job).catch((err: unknown) => out(`driver: ${err instanceof Error ? err.message : String(err)}`));
    };
    const onLine = (line: string): void => {
      const shot = line.indexOf(SCREENSHOT_MARKER + ' ');
      if (shot >= 0) {
        // `<name>` or `<name> <css selector>` (then only that element is captured).
        const [, name, selector] = /^(\S+)(?: (.+))?$/.exec(line.slice(shot + SCREENSHOT_MARKER.length + 1).trim()) ?? [];
        if (!name || !SCREENSHOT_NAME.test(name)) { out(`driver: ignoring bad screenshot request ${JSON.stringify(line)}`); return; }
        enqueue(async () => {
          const file = join(screenshotDir, `${name}.png`);
          try {
            const png = selector
              ? await page.locator(selector).first().screenshot({ type: 'png', timeout: 10_000 })
              : await page.screenshot({ type: 'png', fullPage: false });
            writeAtomic(file, png);
            out(`driver: screenshot ${file}`);
          } catch (err) {
            // The waiting test fails at once with the reason instead of timing out.
            writeAtomic(`${file}.error`, err instanceof Error ? err.message : String(err));
          }
        });
        return;
      }
      const req = new RegExp(`${PAGE_MARKER} (\\S+) (.*)$`).exec(line);
      if (req) {
        const [, id, json] = req;
        if (!/^[\w.-]+$/.test(id)) { out(`driver: ignoring bad page request id ${JSON.stringify(id)}`); return; }
        enqueue(async () => {
          let parsed: unknown;
          try { parsed = JSON.parse(json); } catch { parsed = undefined; }
          const response = await handlePageRequest(page, parsed);
          writeAtomic(join(pageDir, `${id}.json`), JSON.stringify(response));
        });
      }
    };

    let reportExit!: (code: number) => void;
    const exited = new Promise<number>((r) => { reportExit = r; });
    await page.exposeFunction('codeAutomationLog', (level: string, message: unknown) => {
      const text = formatHostMessage(message);
      if (HARMLESS_NOISE.some((re) => re.test(text))) return;
      for (const line of text.split('\n')) {
        out(level === 'error' || level === 'warn' ? `[${level}] ${line}` : line);
        onLine(line);
      }
    });
    await page.exposeFunction('codeAutomationExit', (code: number, logs?: { relativePath: string; contents: string }[]) => {
      for (const l of logs ?? []) {
        const file = resolve(hostLogsDir, l.relativePath);
        if (file.startsWith(hostLogsDir + '/')) writeAtomic(file, l.contents);
      }
      reportExit(code);
    });
    page.on('crash', () => { out('driver: the page crashed'); reportExit(98); });

    const remote = `vscode-remote://127.0.0.1:${port}`;
    const payload = [['extensionDevelopmentPath', remote + plan.developmentPath], ['extensionTestsPath', remote + plan.testsIndex]];
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    out(`driver: opening ${url}`);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

    const timeoutMs = Number(process.env.CC_HOST_TIMEOUT_MS ?? 20 * 60_000);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      exited,
      new Promise<number>((r) => { timer = setTimeout(() => r(99), timeoutMs); }),
    ]);
    clearTimeout(timer);
    await queue;
    if (code === 99) out(`driver: the extension host never reported an exit code within ${timeoutMs} ms`);
    out(`driver: extension host exit code ${code}`);
    if (process.env.CC_KEEP_OPEN === '1') {
      out(`driver: CC_KEEP_OPEN=1, leaving http://127.0.0.1:${port}/ up; Ctrl-C to stop`);
      await new Promise(() => undefined);
    }

    if (!existsSync(countsFile)) {
      out(`driver: the suite wrote no counts file (${countsFile})`);
      return 1;
    }
    const counts = JSON.parse(readFileSync(countsFile, 'utf8')) as { passed: number; failed: number; skipped: number };
    out(`${plan.suite}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
    return code === 0 && counts.failed === 0 ? 0 : 1;
  } catch (err) {
    out(`driver: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    if (existsSync(serverLog)) out(`driver: server log tail:\n${readFileSync(serverLog, 'utf8').split('\n').slice(-30).join('\n')}`);
    return 1;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => { out(`driver: ${String(err)}`); process.exit(1); },
);
