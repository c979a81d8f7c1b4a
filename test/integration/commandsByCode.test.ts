import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, ImageCommandIds, VIEW_CONTAINER_ID } from '../../src/providers/platform/ids';
import { hostRunRoot } from './support/hostFiles';
import { lxcQuery } from './support/lxc';
import { pageRequest, queryPage } from './support/page';
import { need } from './support/peerEnv';

const QUICK = '.quick-input-widget';
const openQuickInputs = async (): Promise<string[]> => (await queryPage(QUICK)).filter((w) => w.visible).map((w) => w.text);

/**
 * Runs `command` with `args` as code does and expects a rejection matching `message`. Until the command
 * settles, the page is watched: a quick pick or input box opening is the breach (it is closed, so the suite
 * goes on, and the test fails naming what was asked). A modal would be refused by the test host and the
 * command would resolve instead, which fails too.
 */
async function rejectsAskingNothing(command: string, args: object, message: RegExp): Promise<void> {
  const outcome = Promise.resolve(vscode.commands.executeCommand(command, args)).then(
    (value: unknown) => ({ rejected: false as const, value }),
    (error: unknown) => ({ rejected: true as const, error }),
  );
  let settled = false;
  void outcome.then(() => (settled = true));
  while (!settled) {
    const asked = await openQuickInputs();
    if (asked.length) {
      await pageRequest({ op: 'press', key: 'Escape' });
      assert.fail(`${command} ${JSON.stringify(args)} asked: ${asked.join(' | ')}`);
    }
    await Promise.race([outcome, new Promise((r) => setTimeout(r, 100))]);
  }
  const r = await outcome;
  assert.ok(r.rejected, `${command} ${JSON.stringify(args)} resolved with ${JSON.stringify(r.rejected ? undefined : r.value)} instead of rejecting`);
  assert.match((r.error as Error).message, message, `${command} ${JSON.stringify(args)}`);
  assert.deepEqual(await openQuickInputs(), [], `${command}: nothing left open`);
}

describe('Connect Engine called by code over ssh:// to a host no known_hosts lists: no modal, the key is named in the engine\'s error (#17) @page', function () {
  this.timeout(120_000);

  after(async () => {
    await Promise.resolve(vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: 'podman-ssh-unknown', confirmed: true })).catch(() => undefined);
  });

  it('connects, and its first sync fails naming the host key instead of asking', async () => {
    // The extension's own known_hosts gone (another suite may have seeded it): the peer's host key is unknown.
    rmSync(join(hostRunRoot(), 'user-data', 'User', 'globalStorage', EXTENSION_ID.toLowerCase(), 'servercerts', 'known_hosts'), { force: true });
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const endpoint = `ssh://${need('CC_SSHD_USER')}@127.0.0.1:${need('CC_SSHD_PORT')}${need('CC_PODMAN_SOCKET')}`;
    const e = await vscode.commands.executeCommand<{ name: string; lastError: string | null }>(CommandIds.enginesConnect, {
      kind: 'podman', endpoint, name: 'podman-ssh-unknown', key: need('CC_SSHD_KEY'),
    });
    assert.equal(e.name, 'podman-ssh-unknown');
    // "not in known_hosts" is what the tunnel says when there is no one to ask; a refused modal would say "not confirmed".
    assert.match(e.lastError ?? '', /the host key \S+ \S+ is not in known_hosts/);
    assert.deepEqual(await openQuickInputs(), []);
  });

  it('any other action that first meets the key (Create Network here) rejects naming it, and no modal is tried', async () => {
    // A refused modal would fail with "was not confirmed"; nobody asked says "not in known_hosts".
    await rejectsAskingNothing(CommandIds.networksCreate, { engine: 'podman-ssh-unknown', name: 'cc-never-made' }, /the host key \S+ \S+ is not in known_hosts/);
  });
});


describe('commands called by code with an incomplete argument object reject naming what is missing and ask nothing (#17) @page', function () {
  this.timeout(180_000);
  const ENGINE = 'lxd-args';
  const container = need('CC_LXD_CONTAINERS').split(' ')[0];

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
  });

  after(async () => {
    await pageRequest({ op: 'press', key: 'Escape' }).catch(() => undefined);
    for (const engine of [ENGINE, 'lxd-https']) await Promise.resolve(vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine, confirmed: true })).catch(() => undefined);
  });

  it('Connect Engine: a missing endpoint, kind, client certificate or key, or Docker certificate folder is refused by key', async () => {
    const id = CommandIds.enginesConnect;
    await rejectsAskingNothing(id, { kind: 'lxd' }, /engines\.connect: "endpoint" is required/);
    await rejectsAskingNothing(id, { endpoint: need('CC_LXD_SOCKET') }, /"kind" is required for a socket path \(lxd, podman or docker\)/);
    await rejectsAskingNothing(id, { endpoint: 'ssh://me@127.0.0.1/run/podman/podman.sock' }, /"kind" is required for an ssh:\/\/ endpoint \(podman or docker\)/);
    // https:// is LXD's: the kind may be left out, the client certificate and key may not.
    await rejectsAskingNothing(id, { endpoint: need('CC_LXD_URL') }, /"cert" \(the client certificate's PEM file\) is required for an https:\/\/ endpoint/);
    await rejectsAskingNothing(id, { kind: 'lxd', endpoint: need('CC_LXD_URL'), cert: need('CC_LXD_CLIENT_CERT') }, /"key" \(a PEM file\) or "keyPem" \(the key itself\) is required/);
    // tcp:// is Docker's with TLS: the folder of ca.pem, cert.pem and key.pem (or cert and key) is needed.
    await rejectsAskingNothing(id, { endpoint: 'tcp://127.0.0.1:2376' }, /"certDir" \(the folder of ca\.pem, cert\.pem and key\.pem\) or "cert" and "key" are required for a tcp:\/\/ endpoint/);
    await rejectsAskingNothing(id, { endpoint: 'tcp://127.0.0.1:2376', certDir: '/nowhere', cert: '/nowhere/cert.pem' }, /give "certDir" or "cert" and "key", not both/);
  });

  it('Connect Engine: an https:// endpoint with its certificate and key connects as LXD without "kind"', async () => {
    const row = await vscode.commands.executeCommand<{ name: string; kind: string; endpoint: string }>(CommandIds.enginesConnect, {
      endpoint: need('CC_LXD_URL'), cert: need('CC_LXD_CLIENT_CERT'), key: need('CC_LXD_CLIENT_KEY'), name: 'lxd-https',
    });
    assert.deepEqual([row.name, row.kind, row.endpoint], ['lxd-https', 'lxd', need('CC_LXD_URL')]);
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: 'lxd-https', confirmed: true });
    assert.deepEqual(await openQuickInputs(), []);
  });

  it('Containers commands: a missing container, name, key, target or confirmation is refused by key; the only engine may go unnamed', async () => {
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'lxd', endpoint: need('CC_LXD_SOCKET'), name: ENGINE });
    const before = await lxcQuery<{ name: string; config: Record<string, string>; profiles: string[] }>(`/1.0/instances/${container}`);
    const e = { engine: ENGINE };
    const c = { engine: ENGINE, container };
    await rejectsAskingNothing(CommandIds.containersDelete, e, /containers\.delete: "container" is required/);
    await rejectsAskingNothing(CommandIds.containersDelete, c, /containers\.delete: "confirmed": true is required when called with an argument object/);
    await rejectsAskingNothing(CommandIds.containersSetConfig, c, /containers\.setConfig: "key" is required/);
    await rejectsAskingNothing(CommandIds.containersSetConfig, { ...c, key: 'user.note' }, /containers\.setConfig: "value" is required/);
    await rejectsAskingNothing(CommandIds.containersRename, c, /containers\.rename: "newName" is required/);
    await rejectsAskingNothing(CommandIds.containersAddProfile, c, /containers\.addProfile: "profile" is required/);
    await rejectsAskingNothing(CommandIds.containersAddDevice, { ...c, device: 'data2' }, /containers\.addDevice: "config" \(the device settings, at least type\) is required/);
    // No "engine": the only container engine connected is taken, then what is missing is named.
    await rejectsAskingNothing(CommandIds.snapshotsCreate, { container }, /snapshots\.create: "snapshot" is required/);
    await rejectsAskingNothing(CommandIds.snapshotsRestore, c, /snapshots\.restore: "snapshot" is required/);
    await rejectsAskingNothing(CommandIds.containersCopy, c, /containers\.copy: "target" is required/);
    await rejectsAskingNothing(CommandIds.containersOpenFile, c, /containers\.openFile: "path" is required/);
    await rejectsAskingNothing(CommandIds.containerFilesDownload, { ...c, path: '/etc/hostname' }, /containerFiles\.download: "target" is required \(a local path\)/);
    await rejectsAskingNothing(CommandIds.containersCreate, e, /containers\.create: "name" is required/);
    await rejectsAskingNothing(CommandIds.networksCreate, e, /networks\.create: "name" is required/);
    await rejectsAskingNothing(CommandIds.profilesDelete, e, /profiles\.delete: "name" is required/);
    await rejectsAskingNothing(CommandIds.profilesExportYaml, e, /profiles\.exportYaml: "profile" is required/);
    await rejectsAskingNothing(CommandIds.profilesApplyToEngine, { engine: ENGINE, profile: 'default' }, /profiles\.applyToEngine: "target" is required/);
    await rejectsAskingNothing(CommandIds.containersFindUsing, { kind: 'network' }, /containers\.findUsing: "name" is required/);
    await rejectsAskingNothing(CommandIds.containersInspect, e, /containers\.inspect: "name" is required/);
    await rejectsAskingNothing(CommandIds.containersImportYaml, { name: 'draft' }, /containers\.importYaml: "file" is required/);
    await rejectsAskingNothing(CommandIds.enginesDisconnect, {}, /engines\.disconnect: "engine" is required/);
    await rejectsAskingNothing(CommandIds.enginesDisconnect, e, /engines\.disconnect: "confirmed": true is required/);
    await rejectsAskingNothing(CommandIds.enginesPrune, {}, /engines\.prune: "engine" is required/);
    await rejectsAskingNothing(CommandIds.enginesImportExisting, {}, /engines\.importExisting: "origins" is required/);
    // Nothing was changed on the engine by any of them.
    const i = await lxcQuery<{ name: string; config: Record<string, string>; profiles: string[] }>(`/1.0/instances/${container}`);
    assert.deepEqual([i.name, i.config, i.profiles], [before.name, before.config, before.profiles]);
  });

  it('Registries, Image Sources, catalog and detail panel commands: the same rule', async () => {
    await rejectsAskingNothing(CommandIds.registriesRemove, { id: 'no-such-registry' }, /"skipConfirmation": true is required when called with an argument object/);
    await rejectsAskingNothing(CommandIds.registriesLogin, { id: 'no-such-registry' }, /registries\.login: "username" and "password" are both required/);
    await rejectsAskingNothing(ImageCommandIds.deleteSource, { confirmed: true }, /imageSources\.deleteSource: "sourceId" is required/);
    await rejectsAskingNothing(ImageCommandIds.deleteLocal, { localImageId: 'no-such-image' }, /localImages\.delete: "confirmed": true is required/);
    await rejectsAskingNothing(ImageCommandIds.addSimplestreams, {}, /imageSources\.addSimplestreams: "url" is required/);
    await rejectsAskingNothing(ImageCommandIds.importTarball, {}, /localImages\.importTarball: "path" is required/);
    await rejectsAskingNothing(ImageCommandIds.filter, {}, /imageSources\.filter: "field" is required/);
    await rejectsAskingNothing(CommandIds.catalogRevert, {}, /catalog\.revert: "confirmed": true is required/);
    await rejectsAskingNothing(CommandIds.containersOpenDetails, { name: container }, /containers\.openDetails: "id" is required/);
  });
});
