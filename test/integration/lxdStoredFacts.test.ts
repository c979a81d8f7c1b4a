import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, VIEW_CONTAINER_ID, ViewQueryCommandIds as Q, viewQueryCommand } from '../../src/providers/platform/ids';
import { eventually, setTheme } from './panels/panelDriver';
import { lxc, lxcQuery } from './support/lxc';
import { clickIn, queryPage, waitForSelector } from './support/page';
import { need } from './support/peerEnv';
import { screenshot } from './support/screenshot';
import { arrangeViews, paneOf } from './support/views';

const pane = paneOf('Containers');

async function rows(): Promise<string[]> {
  return (await queryPage(`${pane} .monaco-list-row`)).filter((r) => r.visible).map((r) => r.text.replace(/\s+/g, ' ').trim());
}

/** A row by its exact label at a tree level. */
const row = (level: number, label: string): string => `${pane} .monaco-list-row[aria-level="${level}"]:has(:text-is("${label}"))`;
const waitForRows = (test: (r: string[]) => boolean, what: string): Promise<string[]> => eventually(`rows: ${what}`, rows, test, 30_000);

describe('LXD engine in the Containers view: image aliases, properties and source, trusted certificates, server config @page', function () {
  this.timeout(180_000);
  const engine = 'lxd-facts';
  let restoreViews: () => Promise<void> = async () => undefined;
  let pulled = '';
  const theme = vscode.workspace.getConfiguration('workbench').inspect<string>('colorTheme')?.globalValue;

  before(async () => {
    // An image LXD fetched from the simplestreams peer (so LXD keeps its source), with an alias of ours.
    const source = {
      type: 'image',
      mode: 'pull',
      server: `${need('CC_SIMPLESTREAMS_HTTPS_URL')}/ss`,
      protocol: 'simplestreams',
      alias: 'alpine/3.20',
      certificate: readFileSync(need('CC_SIMPLESTREAMS_CERT'), 'utf8'),
    };
    const op = JSON.parse(await lxc('query', '-X', 'POST', '--wait', '-d', JSON.stringify({ source }), '/1.0/images')) as { metadata: { fingerprint: string } };
    pulled = op.metadata.fingerprint;
    await lxc('image', 'alias', 'create', 'facts-alpine', pulled);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    await vscode.commands.executeCommand(viewQueryCommand(Q.containers, 'clear'));
    restoreViews = await arrangeViews({ 'Image Sources': false, Registries: false });
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'lxd', endpoint: need('CC_LXD_SOCKET'), name: engine });
  });

  after(async () => {
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine, confirmed: true }).then(undefined, () => undefined);
    if (pulled) await lxc('image', 'delete', pulled).catch(() => undefined);
    await restoreViews();
  });

  it("an image expands to its aliases, the server it came from and its properties", async () => {
    await vscode.commands.executeCommand('containerCatalog.containers.focus');
    await waitForSelector(row(2, 'Images'), undefined, 30_000);
    await clickIn(row(2, 'Images'));
    await waitForSelector(row(3, 'facts-alpine'), undefined, 30_000);
    await clickIn(row(3, 'facts-alpine'));
    const shown = await waitForRows((r) => r.some((x) => x.startsWith('release')), 'the facts of facts-alpine');
    const own = await lxcQuery<{ properties: Record<string, string>; update_source: { server: string; alias: string } }>(`/1.0/images/${pulled}`);
    // The alias, then the source (server, protocol and alias), then every property LXD lists.
    const at = shown.indexOf(shown.find((x) => x.startsWith('facts-alpine'))!);
    assert.equal(shown[at + 1], 'facts-alpinealias', `the alias row under the image: ${JSON.stringify(shown)}`);
    assert.equal(shown[at + 2], `Source${own.update_source.server} · simplestreams · ${own.update_source.alias}`);
    for (const [k, v] of Object.entries(own.properties)) assert.ok(shown.includes(`${k}${v}`), `${k}${v} in ${JSON.stringify(shown)}`);
    await setTheme('Default Dark Modern');
    await screenshot('lxd-image-facts-dark', '#workbench\\.parts\\.sidebar');
    await setTheme('Default Light Modern');
    await screenshot('lxd-image-facts-light', '#workbench\\.parts\\.sidebar');
    await clickIn(row(2, 'Images'));
  });

  it('Trusted Certificates name each certificate with its fingerprint and expiry; Server Config lists its keys', async () => {
    const certs = await lxcQuery<{ name: string; fingerprint: string }[]>('/1.0/certificates?recursion=1');
    const config = (await lxcQuery<{ config: Record<string, string> }>('/1.0')).config;
    await clickIn(row(2, 'Trusted Certificates'));
    await waitForSelector(row(3, 'cc-test-trusted'), undefined, 30_000);
    await clickIn(row(2, 'Server Config'));
    await waitForSelector(row(3, 'core.https_address'), undefined, 30_000);
    const shown = await rows();
    assert.ok(shown.includes(`Trusted Certificates${certs.length}`), JSON.stringify(shown));
    const trusted = certs.find((c) => c.name === 'cc-test-trusted')!;
    // openssl's reading of the peer's client certificate gives the date the row shows.
    const notAfter = execFileSync('openssl', ['x509', '-noout', '-enddate', '-in', need('CC_LXD_CLIENT_CERT')], { encoding: 'utf8' }).trim().replace(/^notAfter=/, '');
    const end = new Date(notAfter).toISOString().slice(0, 10);
    assert.ok(shown.includes(`cc-test-trustedexpires ${end} · ${trusted.fingerprint.slice(0, 12)}`), JSON.stringify(shown));
    assert.ok(shown.includes(`Server Config${Object.keys(config).length}`), JSON.stringify(shown));
    assert.ok(shown.includes(`core.https_address${config['core.https_address']}`), JSON.stringify(shown));
    await setTheme('Default Dark Modern');
    await screenshot('lxd-certificates-config-dark', '#workbench\\.parts\\.sidebar');
    await setTheme('Default Light Modern');
    await screenshot('lxd-certificates-config-light', '#workbench\\.parts\\.sidebar');
  });
});
