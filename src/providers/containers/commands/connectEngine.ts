import { join } from 'node:path';
import * as vscode from 'vscode';
import { getEngine } from '../../../containers/engineRegistry';
import { ArgumentError, readArgs, type ArgsOf } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { detectSockets } from '../../../containers/detectSockets';
import type { EngineKind, EngineRecord } from '../../../containers/engineRecord';
import { addEngine, type NewEngine } from '../../../containers/engineRegistry';
import { normalizePrivateKeyPem } from '../../../containers/pastedKey';
import type { CommandHandler, ContainerCommandContext } from './containerCommandContext';
import { syncWithProgress } from './syncEngine';
import { askSshLogin } from './askSshLogin';

const ARGS = { kind: 'string', endpoint: 'string', name: 'string', cert: 'string', key: 'string', keyPem: { kind: 'string', max: 65536 }, certDir: 'string' } as const;
const COMMAND = CommandIds.enginesConnect;

/** The one kind an endpoint's scheme allows (https:// is LXD's, tcp:// Docker's); undefined when it does not say. */
function kindOfScheme(endpoint: string): EngineKind | undefined {
  if (/^https:/.test(endpoint)) return 'lxd';
  if (/^tcp:/.test(endpoint)) return 'docker';
  return undefined;
}

/**
 * What an argument object connects, without asking anything: code called, so a missing part is an
 * ArgumentError naming its key. `kind` may be left out when the scheme says it (https:// → lxd,
 * tcp:// → docker); `certDir` stands for `cert` and `key` as `<certDir>/cert.pem` and `<certDir>/key.pem`.
 */
function specOfArgs(a: ArgsOf<typeof ARGS>): { kind: EngineKind; endpoint: string; clientCert?: string; clientKey?: string; clientKeyPem?: string } {
  const endpoint = a.endpoint;
  if (!endpoint) throw new ArgumentError(`${COMMAND}: "endpoint" is required (a unix socket path or an https://, ssh:// or tcp:// URL).`);
  const kind = (a.kind as EngineKind | undefined) ?? kindOfScheme(endpoint);
  if (!kind) {
    throw new ArgumentError(`${COMMAND}: "kind" is required for ${/^ssh:/.test(endpoint) ? 'an ssh:// endpoint (podman or docker)' : 'a socket path (lxd, podman or docker)'}.`);
  }
  if (a.certDir !== undefined && (a.cert !== undefined || a.key !== undefined)) throw new ArgumentError(`${COMMAND}: give "certDir" or "cert" and "key", not both.`);
  const clientCert = a.certDir !== undefined ? join(a.certDir, 'cert.pem') : a.cert;
  const clientKey = a.certDir !== undefined ? join(a.certDir, 'key.pem') : a.key;
  if (/^https:/.test(endpoint)) {
    if (!clientCert) throw new ArgumentError(`${COMMAND}: "cert" (the client certificate's PEM file) is required for an https:// endpoint.`);
    if (!clientKey && !a.keyPem) throw new ArgumentError(`${COMMAND}: "key" (a PEM file) or "keyPem" (the key itself) is required for an https:// endpoint.`);
  }
  if (/^tcp:/.test(endpoint) && (!clientCert || !clientKey)) {
    throw new ArgumentError(`${COMMAND}: "certDir" (the folder of ca.pem, cert.pem and key.pem) or "cert" and "key" are required for a tcp:// endpoint.`);
  }
  return { kind, endpoint, clientCert, clientKey, clientKeyPem: a.keyPem };
}

/**
 * `containerCatalog.engines.connect` — `{ kind?, endpoint, name?, cert?, key? | keyPem?, certDir? }`, or a pick
 * of the detected sockets / a typed endpoint. Called with an argument object it never asks: a missing part is
 * an ArgumentError naming the key (`kind` defaults only where the scheme allows one kind). A key given as a
 * path stays a path in the catalog; a pasted key goes only to SecretStorage. Syncs the new engine at once (a
 * failed sync is reported, the engine stays).
 */
export function connectEngine(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const a = readArgs(COMMAND, arg, ARGS);
    if (a) return connect(ctx, { ...specOfArgs(a), name: a.name }, true);
    let clientCert: string | undefined;
    let clientKey: string | undefined;
    let clientKeyPem: string | undefined;
    const detected = detectSockets();
    const other = { label: vscode.l10n.t('$(edit) Enter a socket path or an https://, ssh:// or tcp:// URL…'), engineKind: undefined, path: undefined };
    const pick = await vscode.window.showQuickPick(
      [...detected.map((d) => ({ label: d.path, description: d.origin, engineKind: d.kind as EngineKind | undefined, path: d.path as string | undefined })), other],
      { placeHolder: detected.length ? vscode.l10n.t('Detected engine sockets') : vscode.l10n.t('No engine socket found in the usual places') },
    );
    if (!pick) return undefined;
    let kind: EngineKind | undefined = pick.engineKind;
    const endpoint =
      pick.path ??
      (await vscode.window.showInputBox({
        prompt: vscode.l10n.t('Unix socket path or URL of the engine'),
        placeHolder: vscode.l10n.t('/var/lib/lxd/unix.socket, https://host:8443, ssh://user@host/run/podman/podman.sock or tcp://host:2376'),
        ignoreFocusOut: true,
        validateInput: (v) =>
          v.startsWith('/') || /^(https|ssh|tcp):\/\/[^/]+/.test(v) ? undefined : vscode.l10n.t('An absolute socket path or an https://, ssh:// or tcp:// URL'),
      }));
    if (!endpoint) return undefined;
    kind ??= kindOfScheme(endpoint);
    if (!kind) {
      const kinds = /^ssh:/.test(endpoint) ? ['podman', 'docker'] : ['lxd', 'podman', 'docker'];
      const k = await vscode.window.showQuickPick(kinds, { placeHolder: vscode.l10n.t('Engine kind') });
      if (!k) return undefined;
      kind = k as EngineKind;
    }
    if (/^https:/.test(endpoint)) {
      clientCert = await vscode.window.showInputBox({ prompt: vscode.l10n.t('Path of the client certificate (PEM)'), ignoreFocusOut: true });
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
    if (/^tcp:/.test(endpoint)) {
      const dir = await vscode.window.showInputBox({
        prompt: vscode.l10n.t('Folder with ca.pem, cert.pem and key.pem (DOCKER_CERT_PATH)'),
        value: process.env.DOCKER_CERT_PATH,
        ignoreFocusOut: true,
      });
      if (!dir) return undefined;
      clientCert = join(dir, 'cert.pem');
      clientKey = join(dir, 'key.pem');
    }
    if (/^ssh:/.test(endpoint)) {
      const login = await askSshLogin();
      if (!login) return undefined;
      ({ keyFile: clientKey, passphrase: sshPassphrase, password: sshPassword } = login);
    }
    return connect(ctx, { kind, endpoint, clientCert, clientKey, clientKeyPem, sshPassphrase, sshPassword }, false);
  };
}

async function connect(ctx: ContainerCommandContext, spec: NewEngine, programmatic: boolean): Promise<EngineRecord | undefined> {
  const engine = await runCommand(ctx.commandRun(vscode.l10n.t('Connect engine'), programmatic), () =>
    ctx.progress(vscode.l10n.t('Connect engine'), async () => addEngine(await ctx.catalog(), spec, ctx.deps.secrets)),
  );
  if (!engine) return undefined;
  // The engine is connected whatever its first sync says, so that sync's failure is only reported; the row
  // returned is read after it, so a caller sees the sync's outcome (lastError, lastSyncAt).
  await syncWithProgress(ctx, engine, false, !programmatic);
  return getEngine(await ctx.catalog(), engine.name);
}
