// Many machines (issue 18), two measurements on the real peers, each beside its reference in the same run:
// 1. A sync of Podman with 200 containers over SSH (the sshd peer in front of the Podman peer's socket,
//    `direct-streamlocal@openssh.com` per HTTP connection) next to the same sync over the local socket.
// 2. A sync of the three-member LXD cluster holding 3 × 50 instances next to the same sync while only one
//    member holds its 50 (the cluster's API returns every member's instances in one listing).
// Run alone: `node esbuild.mjs --tests && node out/bench/clusterSshBench.js` with the podman, sshd and
// lxd-cluster peers running and their .build/peers/*.env sourced; `npm run bench` calls runClusterSshBench().
// A part whose peers are absent says "not run" and why. Ratios matter, not absolute times: the machine is shared.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerClient } from '../src/containers/dockerClient';
import type { EngineContext } from '../src/containers/engineConnection';
import { addEngine } from '../src/containers/engineRegistry';
import { EngineTransport } from '../src/containers/engineTransport';
import { LxdClient } from '../src/containers/lxdClient';
import { mapLimit } from '../src/containers/mapLimit';
import { syncEngine } from '../src/containers/syncEngine';
import { openCatalog } from '../src/store/openCatalog';

export const TITLE = 'Remote engines and LXD clusters (issue 18)';
const COUNT = 200;
// 50 per member is the figure; on a shared 2-core machine creating 150 LXD instances takes over 10 minutes,
// so CC_BENCH_PER_MEMBER may lower it (the report says which count ran).
const PER_MEMBER = Number(process.env.CC_BENCH_PER_MEMBER ?? 50);
const ms = (t: bigint): number => Number(process.hrtime.bigint() - t) / 1e6;
const time = async (fn: () => Promise<unknown>): Promise<number> => {
  const t = process.hrtime.bigint();
  await fn();
  return ms(t);
};
const best = async (n: number, fn: () => Promise<unknown>): Promise<number> => {
  let b = Infinity;
  for (let i = 0; i < n; i++) b = Math.min(b, await time(fn));
  return b;
};
const f = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

interface SyncFigures {
  readonly first: number;
  readonly again: number;
}

/**
 * A cold first sync (every container inspected) and the best of 3 re-syncs with nothing changed, of a fresh
 * engine row in a catalog of its own (a catalog connects one endpoint once).
 */
async function syncFigures(dir: string, name: string, kind: 'podman' | 'lxd', endpoint: string, ctx: EngineContext, clientKey?: string): Promise<SyncFigures> {
  const catalog = await openCatalog({ file: join(dir, `${name}.db`), watch: false });
  try {
    const engine = await addEngine(catalog, { kind, endpoint, name, clientKey });
    const first = await time(() => syncEngine(catalog, engine, ctx));
    const again = await best(3, () => syncEngine(catalog, engine, ctx));
    return { first, again };
  } finally {
    await catalog.close();
  }
}

async function benchSsh(dir: string): Promise<string[]> {
  const env = process.env;
  const missing = ['CC_PODMAN_SOCKET', 'CC_PODMAN_IMAGE', 'CC_SSHD_PORT', 'CC_SSHD_USER', 'CC_SSHD_KEY', 'CC_SSHD_KNOWN_HOSTS'].filter((k) => !env[k]);
  if (missing.length) return [`_SSH row not run: the podman and sshd peers are not running (${missing.join(', ')} unset)._`];
  const socket = env.CC_PODMAN_SOCKET!;
  const transport = new EngineTransport({ endpoint: socket });
  const client = new DockerClient(transport);
  const existing = (await client.containers()).length;
  const names = Array.from({ length: Math.max(0, COUNT - existing) }, (_, i) => `bench-ssh-${i}`);
  await mapLimit(names, 4, (n) => client.create(n, { Image: env.CC_PODMAN_IMAGE!, Cmd: ['/bin/true'], Labels: { bench: 'ssh' } }));
  try {
    const total = (await client.containers()).length;
    const ctx: EngineContext = { certDir: mkdtempSync(join(dir, 'ctx-')), knownHostsFiles: [env.CC_SSHD_KNOWN_HOSTS!], sshAgentSocket: null };
    const local = await syncFigures(dir, 'bench-local', 'podman', socket, ctx);
    const ssh = await syncFigures(dir, 'bench-ssh', 'podman', `ssh://${env.CC_SSHD_USER}@127.0.0.1:${env.CC_SSHD_PORT}${socket}`, ctx, env.CC_SSHD_KEY);
    return [
      '| Podman, containers | path | first sync (cold: inspect each) | re-sync, nothing changed |',
      '|---:|---|---:|---:|',
      `| ${total} | local unix socket | ${f(local.first)} | ${f(local.again)} |`,
      `| ${total} | ssh:// (sshd on 127.0.0.1, streamlocal channel per connection) | ${f(ssh.first)} | ${f(ssh.again)} |`,
      `| | **SSH / local** | **${(ssh.first / local.first).toFixed(2)}×** | **${(ssh.again / local.again).toFixed(2)}×** |`,
    ];
  } finally {
    await mapLimit(names, 4, (n) => client.remove(n, true).catch(() => undefined));
    transport.close();
  }
}

async function benchCluster(dir: string): Promise<string[]> {
  const env = process.env;
  if (!env.CC_LXDC_SOCKET || !env.CC_LXDC_MEMBERS) return ['_Cluster row not run: the lxd-cluster peer is not running (CC_LXDC_SOCKET unset)._'];
  const socket = env.CC_LXDC_SOCKET;
  const members = env.CC_LXDC_MEMBERS.split(' ').filter(Boolean);
  const alias = env.CC_LXDC_IMAGE_ALIAS ?? 'busybox';
  const transport = new EngineTransport({ endpoint: socket });
  const lxd = new LxdClient(transport);
  const made: string[] = [];
  // One creation at a time per member (each unpacks the image into its own dir pool); the members in parallel.
  const fill = (ms_: readonly string[]): Promise<unknown> =>
    Promise.all(ms_.map(async (m) => {
      for (let i = 0; i < PER_MEMBER; i++) {
        const name = `bench-${m}-${i}`;
        await lxd.createInstance({ name, type: 'container', source: { type: 'image', alias }, profiles: ['default'] }, m);
        made.push(name);
      }
    }));
  try {
    const ctx: EngineContext = { certDir: mkdtempSync(join(dir, 'ctx-')) };
    const createOne = await time(() => fill([members[0]]));
    const oneCount = (await lxd.instances()).length;
    const oneList = await best(3, () => lxd.instancesFull());
    const one = await syncFigures(dir, 'bench-one-member', 'lxd', socket, ctx);
    const createRest = await time(() => fill(members.slice(1)));
    const allCount = (await lxd.instances()).length;
    const allList = await best(3, () => lxd.instancesFull());
    const all = await syncFigures(dir, 'bench-cluster', 'lxd', socket, ctx);
    return [
      '| LXD cluster (3 members on 127.0.0.2-4), instances | placed on | API list (`recursion=2`) | first sync | re-sync, nothing changed |',
      '|---:|---|---:|---:|---:|',
      `| ${oneCount} | ${members[0]} only (${PER_MEMBER} + the peer's 3) | ${f(oneList)} | ${f(one.first)} | ${f(one.again)} |`,
      `| ${allCount} | ${members.length} × ${PER_MEMBER} (+ 3) | ${f(allList)} | ${f(all.first)} | ${f(all.again)} |`,
      `| | **cluster / one member** | **${(allList / oneList).toFixed(2)}×** | **${(all.first / one.first).toFixed(2)}×** | **${(all.again / one.again).toFixed(2)}×** |`,
      '',
      `Creating the instances (not part of the figures): ${PER_MEMBER} on one member took ${(createOne / 1000).toFixed(0)} s, ` +
        `${PER_MEMBER * (members.length - 1)} on the other two in parallel ${(createRest / 1000).toFixed(0)} s.`,
    ];
  } finally {
    await mapLimit(made, 3, (n) => lxd.deleteInstance(n).catch(() => undefined));
    transport.close();
  }
}

export async function runClusterSshBench(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-cluster-ssh-'));
  try {
    const ssh = await benchSsh(dir);
    const cluster = await benchCluster(dir);
    return [
      'Command: `node esbuild.mjs --tests && node out/bench/clusterSshBench.js` with the podman, sshd and lxd-cluster peers running',
      '(also part of `npm run bench`). In ms, one process, same run; first sync: 1 run, re-sync: best of 3.',
      '',
      '### Sync over SSH next to the local socket',
      '',
      ...ssh,
      '',
      `### LXD cluster: 3 × ${PER_MEMBER} instances next to one member's ${PER_MEMBER}`,
      '',
      ...cluster,
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void runClusterSshBench().then((body) => process.stdout.write(`## ${TITLE}\n\n${body}\n`), (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  });
}
