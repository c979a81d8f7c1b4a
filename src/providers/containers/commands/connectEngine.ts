import { join } from 'node:path';
import * as vscode from 'vscode';
import { getEngine } from '../../../containers/engineRegistry';
import { readArgs } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { detectSockets } from '../../../containers/detectSockets';
import type { EngineKind } from '../../../containers/engineRecord';
import { addEngine } from '../../../containers/engineRegistry';
import { normalizePrivateKeyPem } from '../../../containers/pastedKey';
import type { CommandHandler, ContainerCommandContext } from './containerCommandContext';
import { syncWithProgress } from './syncEngine';
import { askSshLogin } from './askSshLogin';

const ARGS = { kind: 'string', endpoint: 'string', name: 'string', cert: 'string', key: 'string', keyPem: { kind: 'string', max: 65536 } } as const;

/**
 * `containerCatalog.engines.connect` — `{ kind, endpoint, name?, cert?, key? | keyPem? }`, or a pick of the
 * detected sockets / a typed endpoint. A key given as a path stays a path in the catalog; a pasted key goes
 * only to SecretStorage. Syncs the new engine at once (a failed sync is reported, the engine stays).
 */
export function connectEngine(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const a = readArgs(CommandIds.enginesConnect, arg, ARGS);
    let kind = a?.kind as EngineKind | undefined;
    let endpoint = a?.endpoint;
    let clientCert = a?.cert;
    let clientKey = a?.key;
    let clientKeyPem = a?.keyPem;
    if (!endpoint) {
      const detected = detectSockets();
      const other = { label: vscode.l10n.t('$(edit) Enter a socket path or an https://, ssh:// or tcp:// URL…'), engineKind: undefined, path: undefined };
      const pick = await vscode.window.showQuickPick(
        [...detected.map((d) => ({ label: d.path, description: d.origin, engineKind: d.kind as EngineKind | undefined, path: d.path as string | undefined })), other],
        { placeHolder: detected.length ? vscode.l10n.t('Detected engine sockets') : vscode.l10n.t('No engine socket found in the usual places') },
      );
      if (!pick) return undefined;
      kind = pick.engineKind;
      endpoint =
        pick.path ??
        (await vscode.window.showInputBox({
          prompt: vscode.l10n.t('Unix socket path or URL of the engine'),
          placeHolder: vscode.l10n.t('/var/lib/lxd/unix.socket, https://host:8443, ssh://user@host/run/podman/podman.sock or tcp://host:2376'),
          ignoreFocusOut: true,
          validateInput: (v) =>
            v.startsWith('/') || /^(https|ssh|tcp):\/\/[^/]+/.test(v) ? undefined : vscode.l10n.t('An absolute socket path or an https://, ssh:// or tcp:// URL'),
        }));
      if (!endpoint) return undefined;
    }
    if (!kind && /^tcp:/.test(endpoint)) kind = 'docker';
    if (!kind) {
      const kinds = /^ssh:/.test(endpoint) ? ['podman', 'docker'] : ['lxd', 'podman', 'docker'];
      const k = await vscode.window.showQuickPick(kinds, { placeHolder: vscode.l10n.t('Engine kind') });
      if (!k) return undefined;
      kind = k as EngineKind;
    }
    if (/^https:/.test(endpoint) && (!clientCert || !(clientKey || clientKeyPem))) {
      clientCert ??= await vscode.window.showInputBox({ prompt: vscode.l10n.t('Path of the client certificate (PEM)'), ignoreFocusOut: true });
      if (!clientCert) return undefined;
      const how = await vscode.window.showQuickPick(
        [
          { label: vscode.l10n.t('Key file'), detail: vscode.l10n.t('The catalog keeps the path; the key stays in its file.'), pasted: false },
          { label: vscode.l10n.t('Paste the key'), detail: vscode.l10n.t('Kept only in VS Code SecretStorage, never in the catalog.'), pasted: true },
        ],
        { placeHolder: vscode.l10n.t('Client private key'), ignoreFocusOut: true },
      );
      if (!how) return undefined;
      if (how.pasted) {
        clientKeyPem = await vscode.window.showInputBox({
          prompt: vscode.l10n.t('Paste the client private key (PEM)'),
          password: true,
          ignoreFocusOut: true,
          validateInput: (v) => (normalizePrivateKeyPem(v) ? undefined : vscode.l10n.t('Paste a PEM private key (-----BEGIN … PRIVATE KEY-----).')),
        });
        if (!clientKeyPem) return undefined;
      } else {
        clientKey = await vscode.window.showInputBox({ prompt: vscode.l10n.t('Path of the client key (PEM)'), ignoreFocusOut: true });
        if (!clientKey) return undefined;
      }
    }
    let sshPassphrase: string | undefined;
    let sshPassword: string | undefined;
    if (/^tcp:/.test(endpoint) && (!clientCert || !clientKey)) {
      const dir = await vscode.window.showInputBox({
        prompt: vscode.l10n.t('Folder with ca.pem, cert.pem and key.pem (DOCKER_CERT_PATH)'),
        value: process.env.DOCKER_CERT_PATH,
        ignoreFocusOut: true,
      });
      if (!dir) return undefined;
      clientCert = join(dir, 'cert.pem');
      clientKey = join(dir, 'key.pem');
    }
    if (/^ssh:/.test(endpoint) && a === undefined) {
      const login = await askSshLogin();
      if (!login) return undefined;
      ({ keyFile: clientKey, passphrase: sshPassphrase, password: sshPassword } = login);
    }
    const spec = { kind, endpoint, name: a?.name, clientCert, clientKey, clientKeyPem, sshPassphrase, sshPassword };
    const engine = await runCommand(ctx.commandRun(vscode.l10n.t('Connect engine'), a !== undefined), () =>
      ctx.progress(vscode.l10n.t('Connect engine'), async () => addEngine(await ctx.catalog(), spec, ctx.deps.secrets)),
    );
    if (!engine) return undefined;
    // The engine is connected whatever its first sync says, so that sync's failure is only reported; the row
    // returned is read after it, so a caller sees the sync's outcome (lastError, lastSyncAt).
    await syncWithProgress(ctx, engine, false);
    return getEngine(await ctx.catalog(), engine.name);
  };
}
