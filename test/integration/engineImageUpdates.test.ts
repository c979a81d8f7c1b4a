import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, VIEW_CONTAINER_ID } from '../../src/providers/platform/ids';
import { podman, podmanPeer, type PodmanPeer } from '../unit/containers/enginePeers';
import { registryPeer, type RegistryPeer } from '../unit/registries/registryPeer';
import { eventually } from './panels/panelDriver';
import { pageRequest, queryPage, waitForSelector } from './support/page';
import { screenshot } from './support/screenshot';

const PANE = '.pane:has(> .pane-header[aria-label^="Containers"][aria-label$=" Section"])';
const MENU = '.context-view .action-item';
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 800));

/** Puts `from` at `to` on the registry peer with skopeo (the manifest as it is, so `from`'s digest). */
function pushTag(host: string, from: string, to: string): void {
  execFileSync('skopeo', ['--insecure-policy', 'copy', '--quiet', '--src-tls-verify=false', '--dest-tls-verify=false', `docker://${host}/${from}`, `docker://${host}/${to}`], { stdio: 'pipe' });
}

describe('Outdated engine images in the Containers view: the check marks the row, Pull Image Again clears it @page', function () {
  this.timeout(180_000);
  let reg: RegistryPeer;
  let pod: PodmanPeer;
  // A seeded tag (digest of library/busybox:1.0), moved to library/busybox:1.1's image and put back after
  // (and before, in case a run stopped half-way): other suites read the peer's tags and digests.
  const repo = 'team/beta';
  const ref = (): string => `${reg.anon}/${repo}:1.0`;
  const tryPodman = (args: string[]): string | undefined => {
    try {
      return podman(pod, args);
    } catch {
      return undefined;
    }
  };
  let leftover: string | undefined;
  const imageRow = (): string => `${PANE} .monaco-list-row[aria-level="3"]:has-text("${ref()}")`;

  before(async () => {
    reg = registryPeer();
    pod = podmanPeer();
    tryPodman(['rmi', '-f', ref()]);
    pushTag(reg.anon, 'library/busybox:1.0', `${repo}:1.0`);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'podman', endpoint: pod.socket, name: 'podman' });
    await vscode.commands.executeCommand(CommandIds.registriesAdd, { name: 'Test registry (anonymous)', url: reg.anon });
    await vscode.commands.executeCommand('containerCatalog.containers.focus');
  });
  after(async () => {
    await pageRequest({ op: 'press', key: 'Escape' });
    if (reg) pushTag(reg.anon, 'library/busybox:1.0', `${repo}:1.0`);
    tryPodman(['rmi', '-f', ref()]);
    // The build the re-pull left dangling.
    if (leftover) tryPodman(['rmi', '-f', leftover]);
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: 'podman', confirmed: true });
    await vscode.commands.executeCommand(CommandIds.registriesRemove, { url: reg.anon, skipConfirmation: true });
  });

  it('a tag pushed anew is marked outdated in the tree; its menu offers Pull Image Again…; pulling it again clears the mark', async () => {
    await vscode.commands.executeCommand(CommandIds.engineImagesPull, { engine: 'podman', registry: reg.anon, repository: repo, tag: '1.0' });
    const fresh = await vscode.commands.executeCommand<{ checked: number; outdated: unknown[] }>(CommandIds.engineImagesCheckOutdated, { engine: 'podman' });
    assert.equal(fresh?.checked, 1);
    assert.deepEqual(fresh.outdated, []);
    pushTag(reg.anon, 'library/busybox:1.1', `${repo}:1.0`);
    const stale = await vscode.commands.executeCommand<{ outdated: { name: string; latest: string; fingerprint: string }[] }>(CommandIds.engineImagesCheckOutdated, { engine: 'podman' });
    leftover = stale?.outdated[0]?.fingerprint;
    assert.deepEqual(stale?.outdated.map((o) => [o.name, o.latest]), [[ref(), reg.digests['library/busybox:1.1']]]);

    await vscode.commands.executeCommand('workbench.actions.treeView.containerCatalog.containers.collapseAll');
    await settle();
    const engine = `${PANE} .monaco-list-row[aria-level="1"]:has-text("podman")`;
    await pageRequest({ op: 'click', selector: engine });
    await settle();
    if ((await queryPage(`${engine}[aria-expanded="false"]`)).some((r) => r.visible)) await pageRequest({ op: 'press', key: 'ArrowRight' });
    const images = `${PANE} .monaco-list-row[aria-level="2"]:has-text("Images")`;
    await waitForSelector(images);
    await pageRequest({ op: 'click', selector: images });
    await settle();
    if ((await queryPage(`${images}[aria-expanded="false"]`)).some((r) => r.visible)) await pageRequest({ op: 'press', key: 'ArrowRight' });
    await waitForSelector(`${imageRow()}:has-text("outdated")`, undefined, 20_000);
    for (let i = 0; i < 30 && !(await queryPage(`${imageRow()}.focused`)).length; i++) await pageRequest({ op: 'press', key: 'ArrowDown' });
    await waitForSelector(`${imageRow()}.focused`);
    // A Podman image is a leaf: its tags are its label (only LXD images expand to stored facts).
    assert.equal((await queryPage(`${imageRow()}[aria-expanded]`)).length, 0, 'the Podman image row has no twistie');
    await screenshot('engine-image-outdated');
    await pageRequest({ op: 'press', key: 'Shift+F10' });
    await waitForSelector(`${MENU}:has-text("Pull Image Again…")`);
    await screenshot('engine-image-outdated-menu');
    await pageRequest({ op: 'press', key: 'Escape' });

    const r = await vscode.commands.executeCommand<{ pulled: string[]; images: string[] }>(CommandIds.engineImagesRepull, { engine: 'podman', image: ref() });
    assert.deepEqual(r?.pulled, [ref()]);
    const digests = JSON.parse(podman(pod, ['image', 'inspect', '--format', '{{json .RepoDigests}}', ref()])) as string[];
    assert.ok(digests.includes(`${reg.anon}/${repo}@${reg.digests['library/busybox:1.1']}`), digests.join(' '));
    // The row of the image the tag now names (labelled by its first tag, or its id) does not say outdated.
    const newRow = `${PANE} .monaco-list-row[aria-level="3"]:has-text("${r.images[0].slice(0, 12)}")`;
    await waitForSelector(`${newRow}:not(:has-text("outdated"))`, undefined, 30_000).catch(async (e: Error) => {
      await screenshot('engine-image-repull-failed');
      const rows = await queryPage(`${PANE} .monaco-list-row[aria-level="3"]`);
      throw new Error(`${e.message}\nrows: ${rows.map((r) => r.ariaLabel ?? r.text).join(' | ')}`);
    });
    await screenshot('engine-image-repulled');
  });

  it('with argument objects: bad keys and types are refused with the command and key named', async () => {
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.engineImagesCheckOutdated, { engine: 'podman', colour: 'red' })), /unknown key "colour"/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.engineImagesRepull, { engine: 'podman', image: 5 })), /"image"/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.engineImagesRepull, { image: ref() })), /"engine" is required/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.engineImagesRepull, { engine: 'podman', image: 'no/such:image' })), /holds no image "no\/such:image"/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.engineImagesCheckOutdated, { engine: 'nope' })), /nope/);
  });
});

describe('Outdated check from the engine\'s menu against a registry that answers 429: the message says so @page', function () {
  this.timeout(180_000);
  let reg: RegistryPeer;
  let pod: PodmanPeer;
  // Two images known by the rate-limited proxy's host only (pulled behind it, retagged).
  const limitedRefs = (): string[] => ['1.0', '1.2'].map((v) => `${reg.rateLimited}/library/busybox:${v}`);
  const tryPodman = (args: string[]): void => {
    try {
      podman(pod, args);
    } catch {
      // not there
    }
  };

  before(async () => {
    reg = registryPeer();
    pod = podmanPeer();
    for (const ref of limitedRefs()) {
      const from = ref.replace(reg.rateLimited, reg.anon);
      tryPodman(['rmi', '-f', ref]);
      podman(pod, ['pull', '-q', from]);
      podman(pod, ['tag', from, ref]);
      podman(pod, ['rmi', from]);
    }
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'podman', endpoint: pod.socket, name: 'podman-limited' });
    await vscode.commands.executeCommand(CommandIds.registriesAdd, { name: 'Rate-limited registry', url: reg.rateLimited });
    await vscode.commands.executeCommand('containerCatalog.containers.focus');
    await vscode.commands.executeCommand('notifications.clearAll');
  });
  after(async () => {
    await pageRequest({ op: 'press', key: 'Escape' });
    await vscode.commands.executeCommand('notifications.clearAll');
    if (reg) for (const ref of limitedRefs()) tryPodman(['rmi', '-f', ref]);
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: 'podman-limited', confirmed: true });
    await vscode.commands.executeCommand(CommandIds.registriesRemove, { url: reg.rateLimited, skipConfirmation: true });
  });

  it('Check for Outdated Engine Images on the engine row: a warning names the registry, the images left unchecked and when to try again', async () => {
    await vscode.commands.executeCommand('workbench.actions.treeView.containerCatalog.containers.collapseAll');
    await settle();
    const engine = `${PANE} .monaco-list-row[aria-level="1"]:has-text("podman-limited")`;
    await waitForSelector(engine);
    await pageRequest({ op: 'click', selector: engine });
    await settle();
    // The menu is the focused row's: the engine's, not a row an earlier suite left focused.
    await waitForSelector(`${engine}.focused`);
    // Spend this minute's one request, so the check's first HEAD is refused whatever ran before.
    await fetch(`http://${reg.rateLimited}/v2/`).then((r) => r.arrayBuffer()).catch(() => undefined);
    await pageRequest({ op: 'press', key: 'Shift+F10' });
    const item = `${MENU}:has-text("Check for Outdated Engine Images")`;
    await waitForSelector(item);
    await pageRequest({ op: 'click', selector: item });
    await settle();
    // A click that landed while the menu was still placing itself only highlights the item: Enter runs it.
    if ((await queryPage(item)).some((r) => r.visible)) await pageRequest({ op: 'press', key: 'Enter' });
    const limited = reg.rateLimited.replace(/\./g, '\\.');
    const said = new RegExp(`^podman-limited: ${limited} is rate limiting requests \\(HTTP 429\\); try again in 60 s\\..* 2 image\\(s\\) of it not checked; their marks are unchanged\\. Checked 0 image\\(s\\), 0 outdated\\.`);
    // The warning is there and the progress is gone (the screenshot shows the first line: the rate limit).
    const toasts = await eventually('the rate-limit warning', () => queryPage('.notifications-toasts .notification-toast'),
      (t) => t.some((x) => said.test(x.text.replace(/\s+/g, ' ').trim())) && !t.some((x) => x.text.includes('Checking the images')), 60_000).catch(async (e: Error) => {
      await screenshot('engine-images-rate-limited-failed');
      throw e;
    });
    assert.ok(toasts.length > 0);
    await screenshot('engine-images-rate-limited');
  });
});
