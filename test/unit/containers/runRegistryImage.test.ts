import * as assert from 'node:assert/strict';
import { listContainers } from '../../../src/containers/catalogReads';
import type { EngineContext } from '../../../src/containers/engineConnection';
import { isEngineError } from '../../../src/containers/engineError';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { addEngine } from '../../../src/containers/engineRegistry';
import { pullSourceFor } from '../../../src/containers/registryPull';
import { runRegistryImage, type RunProgress } from '../../../src/containers/runRegistryImage';
import { parsePortMapping } from '../../../src/containers/runSpec';
import { syncEngine } from '../../../src/containers/syncEngine';
import { credentialsFromSecrets } from '../../../src/images/registryCredentials';
import { RegistryService } from '../../../src/registries/registryService';
import type { Logger } from '../../../src/shared/logger';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { registryPeer, type RegistryPeer } from '../registries/registryPeer';
import { docker, dockerPeer, podman, podmanPeer, testEngineContext, type EngineApiPeer } from './enginePeers';
import { MapSecretStore } from '../../support/mapSecretStore';
import { freePort } from '../../support/freePort';

const quiet: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

interface Subject {
  readonly kind: 'podman' | 'docker';
  peer(): EngineApiPeer;
  cli(args: string[]): string;
}

function describeRun(s: Subject): void {
  describe(`run a registry tag on ${s.kind} (real ${s.kind} and registry peers)`, function () {
    let reg: RegistryPeer;
    let peer: EngineApiPeer;
    let t: TempCatalog;
    let ctx: EngineContext;
    let engine: EngineRecord;
    let service: RegistryService;
    let secrets: MapSecretStore;
    const made: string[] = [];
    const prefix = `run-${s.kind}-`;

    const cli = (args: string[]): string => s.cli(args);
    const tryCli = (args: string[]): string | undefined => {
      try {
        return cli(args);
      } catch {
        return undefined;
      }
    };
    const hasImage = (ref: string): boolean => tryCli(['image', 'inspect', ref]) !== undefined;
    const containerNames = (): string[] => cli(['ps', '-a', '--format', '{{.Names}}']).split('\n').filter(Boolean).sort();
    const catalogNames = async (): Promise<string[]> => (await t.catalog.read((em) => listContainers(em, engine.id))).map((r) => r.name).sort();
    // Each test uses its own repository:tag, so "held before" is known: nothing here is left from a run before.
    const refs = (r: RegistryPeer): string[] => [
      `${r.anon}/team/alpha:1.0`, `${r.basic}/team/beta:1.0`, `${r.bearer}/team/gamma:1.1`, `${r.basic}/tools/two:1.0`,
      `${r.anon}/tools/one:1.1`, `${r.anon}/team/delta:1.2`, `${r.anon}/library/busybox:1.10`,
    ];

    before(async () => {
      reg = registryPeer();
      peer = s.peer();
      for (const ref of refs(reg)) tryCli(['rmi', ref]);
      t = await openTempCatalog();
      ctx = { ...testEngineContext(), logger: quiet };
      engine = await addEngine(t.catalog, { kind: s.kind, endpoint: peer.socket, name: `${s.kind}-run` });
      await syncEngine(t.catalog, engine, ctx);
      secrets = new MapSecretStore();
      service = new RegistryService({ catalog: async () => t.catalog, secrets, log: quiet, timeoutMs: 10_000 });
    });
    after(async () => {
      for (const n of made) tryCli(['rm', '-f', n]);
      if (reg) for (const ref of refs(reg)) tryCli(['rmi', ref]);
      service?.dispose();
      await t?.dispose();
    });

    /** The pull source for a registry row, with its saved login read from the secret store (as the face does). */
    const sourceFor = async (url: string, repository: string, tag: string) => {
      const row = (await service.find(url)) ?? (await service.add({ url }));
      const r = await service.get(row.id);
      return pullSourceFor(r, repository, tag, await credentialsFromSecrets(secrets)(r));
    };

    it('pulls an anonymous tag and runs it with a port mapping and env, as the engine\'s own inspect shows; the catalog has the row', async () => {
      const port = await freePort();
      const name = `${prefix}web`;
      made.push(name);
      const phases: RunProgress['phase'][] = [];
      const layers = new Set<string>();
      const r = await runRegistryImage(t.catalog, engine, ctx, await sourceFor(reg.anon, 'team/alpha', '1.0'), {
        name,
        env: ['GREETING=hi there', 'MODE=run'],
        ports: [parsePortMapping(`127.0.0.1:${port}:8080/tcp`)],
        network: peer.network,
        restart: 'unless-stopped',
        command: ['/bin/sh', '-c', 'trap "exit 0" TERM; while sleep 1; do :; done'],
      }, { onProgress: (p) => { if (!phases.includes(p.phase)) phases.push(p.phase); if (p.pull?.layer) layers.add(p.pull.layer); } });
      assert.equal(r.name, name);
      assert.equal(r.image, `${reg.anon}/team/alpha:1.0`);
      assert.deepEqual(phases, ['pull', 'create', 'start', 'sync']);
      assert.ok(layers.size >= 1, 'pull progress names at least one layer');
      type Inspect = { Config: { Env: string[]; Image: string; Cmd: string[] }; HostConfig: { PortBindings: Record<string, { HostIp: string; HostPort: string }[]>; RestartPolicy: { Name: string } }; State: { Running: boolean } };
      const i = (JSON.parse(cli(['container', 'inspect', name])) as Inspect[])[0];
      assert.ok(i.Config.Env.includes('GREETING=hi there'), i.Config.Env.join(', '));
      assert.ok(i.Config.Env.includes('MODE=run'));
      assert.deepEqual(i.HostConfig.PortBindings['8080/tcp'], [{ HostIp: '127.0.0.1', HostPort: String(port) }]);
      assert.equal(i.HostConfig.RestartPolicy.Name, 'unless-stopped');
      assert.equal(i.State.Running, true);
      assert.ok((await catalogNames()).includes(name), 'the sync after the run put the container in the catalog');
    });

    it('pulls with the saved login of an htpasswd registry and of a token registry (created, not started)', async () => {
      await service.login((await service.add({ url: reg.basic })).id, reg.user, reg.password);
      await service.login((await service.add({ url: reg.bearer })).id, reg.user, reg.password);
      for (const [url, repo, tag] of [[reg.basic, 'team/beta', '1.0'], [reg.bearer, 'team/gamma', '1.1']] as const) {
        const source = await sourceFor(url, repo, tag);
        assert.equal(source.credentials?.username, reg.user);
        const name = `${prefix}${repo.replace('/', '-')}`;
        made.push(name);
        const r = await runRegistryImage(t.catalog, engine, ctx, source, { name, network: peer.network, start: false });
        assert.equal(r.started, false);
        assert.ok(hasImage(`${url}/${repo}:${tag}`));
        const state = cli(['container', 'inspect', '--format', '{{.State.Status}}', name]).trim();
        assert.match(state, /^(created|configured)$/);
      }
    });

    it('a wrong saved login is a clear error and changes nothing (no image, no container, catalog as it was)', async () => {
      const before = { engine: containerNames(), catalog: await catalogNames() };
      const row = (await service.find(reg.basic))!;
      const source = pullSourceFor(row, 'tools/two', '1.0', { username: reg.user, password: 'wrong-password' });
      await assert.rejects(
        runRegistryImage(t.catalog, engine, ctx, source, { name: `${prefix}nope`, network: peer.network }),
        (e: Error) => isEngineError(e, 'api') && /refused the saved login of .* log in again/.test(e.message),
      );
      assert.equal(hasImage(`${reg.basic}/tools/two:1.0`), false);
      assert.deepEqual(containerNames(), before.engine);
      assert.deepEqual(await catalogNames(), before.catalog);
    });

    it('a tag that does not exist is a clear error and changes nothing', async () => {
      const before = containerNames();
      await assert.rejects(
        runRegistryImage(t.catalog, engine, ctx, await sourceFor(reg.anon, 'team/alpha', 'no-such-tag'), { name: `${prefix}missing`, network: peer.network }),
        (e: Error) => isEngineError(e, 'api') && /team\/alpha:no-such-tag does not exist on/.test(e.message),
      );
      assert.deepEqual(containerNames(), before);
    });

    it('a name the engine refuses: its own message, and the image this run pulled is removed again', async () => {
      const before = containerNames();
      for (const [name, why] of [['bad name!', /invalid|name/i], [peer.running, /already in use|in use|exists/i]] as const) {
        await assert.rejects(
          runRegistryImage(t.catalog, engine, ctx, await sourceFor(reg.anon, 'tools/one', '1.1'), { name, network: peer.network }),
          (e: Error) => isEngineError(e, 'api') && why.test(e.message) && e.message.startsWith(s.kind === 'podman' ? 'Podman:' : 'Docker:'),
        );
        assert.equal(hasImage(`${reg.anon}/tools/one:1.1`), false, 'the image pulled for the refused container is gone');
      }
      assert.deepEqual(containerNames(), before);
    });

    it('bad ports and env are refused before anything is pulled', async () => {
      assert.throws(() => parsePortMapping('80'), /not a port mapping/);
      assert.throws(() => parsePortMapping('70000:80'), /out of range/);
      await assert.rejects(
        runRegistryImage(t.catalog, engine, ctx, await sourceFor(reg.anon, 'team/delta', '1.2'), { name: `${prefix}env`, env: ['=oops'] }),
        /not an environment entry/,
      );
      assert.equal(hasImage(`${reg.anon}/team/delta:1.2`), false);
    });

    it('cancelling during the pull stops the run: no container is made', async () => {
      const before = containerNames();
      const ac = new AbortController();
      await assert.rejects(
        runRegistryImage(t.catalog, engine, ctx, await sourceFor(reg.anon, 'library/busybox', '1.10'), { name: `${prefix}cancel`, network: peer.network }, {
          signal: ac.signal,
          onProgress: (p) => p.phase === 'pull' && ac.abort(),
        }),
        (e: Error) => isEngineError(e, 'cancelled'),
      );
      assert.deepEqual(containerNames(), before);
    });
  });
}

describeRun({ kind: 'podman', peer: podmanPeer, cli: (args) => podman(podmanPeer(), args) });
describeRun({ kind: 'docker', peer: dockerPeer, cli: (args) => docker(dockerPeer(), args) });
