import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineContext } from '../../../src/containers/engineConnection';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { addEngine } from '../../../src/containers/engineRegistry';
import { syncEngine } from '../../../src/containers/syncEngine';
import type { Logger } from '../../../src/shared/logger';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { lxdPeer, podmanPeer, type LxdPeer, type PodmanPeer } from './enginePeers';

export const quiet: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Runs a clean-up step that fails when there is nothing to clean (a container or image already gone). */
export function tryRun(run: () => unknown): void {
  try {
    run();
  } catch {
    // absent already
  }
}

/** A file the simplestreams peer serves under files/uri/ (rootfs tarballs with a marker file in them). */
export function uriFile(name: string): string {
  const root = process.env.CC_SIMPLESTREAMS_ROOT;
  if (!root) throw new Error('CC_SIMPLESTREAMS_ROOT is not set: run `test/peers/simplestreams.sh start` and source .build/peers/simplestreams.env');
  return join(root, 'files/uri', name);
}

export interface LxdPodmanFixture {
  lxd: LxdPeer;
  pod: PodmanPeer;
  t: TempCatalog;
  ctx: EngineContext;
  lxdEngine: EngineRecord;
  podEngine: EngineRecord;
}

/**
 * Mocha hooks for a suite over the LXD and Podman peers: a temp catalog (with its images folder) holding both
 * engines, synced; `clean` runs before and after, so a suite stopped halfway leaves nothing for the next run.
 * The returned object is filled in by the before hook.
 */
export function lxdPodmanFixture(prefix: string, names: { lxd: string; podman: string }, clean: (f: LxdPodmanFixture) => void): LxdPodmanFixture {
  const f = {} as LxdPodmanFixture;
  let dir: string | undefined;
  before(async () => {
    f.lxd = lxdPeer();
    f.pod = podmanPeer();
    clean(f);
    dir = mkdtempSync(join(tmpdir(), prefix));
    f.t = await openTempCatalog({ file: join(dir, 'catalog.db') });
    f.ctx = { certDir: join(dir, 'certs'), logger: quiet };
    f.lxdEngine = await addEngine(f.t.catalog, { kind: 'lxd', endpoint: f.lxd.socket, name: names.lxd });
    f.podEngine = await addEngine(f.t.catalog, { kind: 'podman', endpoint: f.pod.socket, name: names.podman });
    await syncEngine(f.t.catalog, f.lxdEngine, f.ctx);
    await syncEngine(f.t.catalog, f.podEngine, f.ctx);
  });
  after(async () => {
    await f.t?.dispose();
    if (f.lxd && f.pod) clean(f);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return f;
}
