import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../support/freePort';

// A registry of the test's own: the same CNCF distribution the registry peer runs, on a free loopback
// port with a temporary storage, so what a test pushes (and damages) never shows in the shared peers'
// listings. With `bearer` it trusts the peer's token server (its issuer, service and signing cert are
// those test/peers/registry.sh configures), so anonymous and logged-in tokens work as on the peer.

export interface PrivateRegistry {
  /** host:port */
  readonly address: string;
  /** The storage folder (filesystem driver). */
  readonly storage: string;
  stop(): Promise<void>;
}

export async function startPrivateRegistry(bearer?: { tokenServer: string }): Promise<PrivateRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-private-registry-'));
  const port = await freePort();
  const storage = join(dir, 'storage');
  const auth = bearer ? [
    'auth:',
    '  token:',
    `    realm: ${bearer.tokenServer}/token`,
    '    service: cc-test-registry',
    '    issuer: cc-test-token-server',
    `    rootcertbundle: ${join(process.cwd(), '.build', 'peers', 'registry', 'token', 'cert.pem')}`,
  ] : [];
  writeFileSync(join(dir, 'config.yml'), [
    'version: 0.1', 'log:', '  level: warn', '  accesslog:', '    disabled: true',
    'storage:', '  filesystem:', `    rootdirectory: ${storage}`, '  delete:', '    enabled: true',
    'http:', `  addr: 127.0.0.1:${port}`, `  secret: cc-private-${process.pid}`, ...auth, '',
  ].join('\n'));
  const child: ChildProcess = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: 'ignore' });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/v2/`).then(() => true, () => false);
    if (up) return { address: `127.0.0.1:${port}`, storage, stop };
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error(`docker-registry did not start on 127.0.0.1:${port}`);
}
