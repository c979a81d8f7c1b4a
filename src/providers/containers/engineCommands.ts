import * as vscode from 'vscode';
import { CommandIds } from '../platform/ids';
import type { CommandArg, ContainerCommandContext } from './containerCommandContext';
import { detectSockets } from '../../containers/detectSockets';
import type { EngineKind, EngineRecord } from '../../containers/engineRecord';
import { addEngine, removeEngine } from '../../containers/engineRegistry';
import { normalizePrivateKeyPem } from '../../containers/pastedKey';
import { syncEngine } from '../../containers/syncEngine';
import type { SyncResult } from '../../containers/syncEngine';

export function registerEngineCommands(c: ContainerCommandContext): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(CommandIds.enginesConnect, (arg?: CommandArg) => connect(c, arg)),
    vscode.commands.registerCommand(CommandIds.enginesDisconnect, (arg?: CommandArg) => disconnect(c, arg)),
    vscode.commands.registerCommand(CommandIds.enginesSync, (arg?: CommandArg) => sync(c, arg)),
    vscode.commands.registerCommand(CommandIds.containersRefresh, () => c.provider.refresh()),
  );
}

/**
 * Connect: {kind, endpoint, name?, cert?, key? | keyPem?}, or a pick of the detected sockets / a typed endpoint.
 * A key given as a path stays a path in the catalog; a pasted key goes only to SecretStorage.
 */
async function connect(c: ContainerCommandContext, arg?: CommandArg): Promise<EngineRecord | undefined> {
  const a = (arg ?? {}) as Record<string, unknown>;
  let kind = a.kind as EngineKind | undefined;
  let endpoint = a.endpoint as string | undefined;
  let clientCert = a.cert as string | undefined;
  let clientKey = a.key as string | undefined;
  let clientKeyPem = typeof a.keyPem === 'string' ? a.keyPem : undefined;
  if (!endpoint) {
    const detected = detectSockets();
    const other = { label: '$(edit) Enter a socket path or https URL…', engineKind: undefined, path: undefined };
    const pick = await vscode.window.showQuickPick(
      [...detected.map((d) => ({ label: d.path, description: d.origin, engineKind: d.kind as EngineKind | undefined, path: d.path as string | undefined })), other],
      { placeHolder: detected.length ? 'Detected engine sockets' : 'No engine socket found in the usual places' },
    );
    if (!pick) return undefined;
    kind = pick.engineKind;
    endpoint =
      pick.path ??
      (await vscode.window.showInputBox({
        prompt: 'Unix socket path or https URL of the engine',
        placeHolder: '/var/lib/lxd/unix.socket or https://host:8443',
        validateInput: (v) => (v.startsWith('/') || /^https:\/\/[^/]+/.test(v) ? undefined : 'An absolute socket path or an https:// URL'),
      }));
    if (!endpoint) return undefined;
  }
  if (!kind) {
    const k = await vscode.window.showQuickPick(['lxd', 'podman', 'docker'], { placeHolder: 'Engine kind' });
    if (!k) return undefined;
    kind = k as EngineKind;
  }
  if (/^https:/.test(endpoint) && (!clientCert || !(clientKey || clientKeyPem))) {
    clientCert ??= await vscode.window.showInputBox({ prompt: 'Path of the client certificate (PEM)', ignoreFocusOut: true });
    if (!clientCert) return undefined;
    const how = await vscode.window.showQuickPick(
      [
        { label: 'Key file', detail: 'The catalog keeps the path; the key stays in its file.', pasted: false },
        { label: 'Paste the key', detail: 'Kept only in VS Code SecretStorage, never in the catalog.', pasted: true },
      ],
      { placeHolder: 'Client private key', ignoreFocusOut: true },
    );
    if (!how) return undefined;
    if (how.pasted) {
      clientKeyPem = await vscode.window.showInputBox({
        prompt: 'Paste the client private key (PEM)',
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (normalizePrivateKeyPem(v) ? undefined : 'Paste a PEM private key (-----BEGIN … PRIVATE KEY-----).'),
      });
      if (!clientKeyPem) return undefined;
    } else {
      clientKey = await vscode.window.showInputBox({ prompt: 'Path of the client key (PEM)', ignoreFocusOut: true });
      if (!clientKey) return undefined;
    }
  }
  const catalog = await c.deps.catalog();
  const engine = await c.run('Connect engine', () =>
    addEngine(catalog, { kind: kind!, endpoint: endpoint!, name: a.name as string | undefined, clientCert, clientKey, clientKeyPem }, c.deps.secrets),
  );
  if (engine) await sync(c, { engine: engine.name });
  return engine;
}

async function disconnect(c: ContainerCommandContext, arg?: CommandArg): Promise<boolean> {
  const engine = await c.engine(arg, { placeHolder: 'Engine to disconnect' });
  if (!engine) return false;
  const confirmed = (arg as Record<string, unknown> | undefined)?.confirmed === true;
  if (!confirmed) {
    const ok = await vscode.window.showWarningMessage(
      `Disconnect ${engine.name}? Its containers, profiles and images are removed from the catalog (nothing changes on the engine).`,
      { modal: true },
      'Disconnect',
    );
    if (ok !== 'Disconnect') return false;
  }
  const catalog = await c.deps.catalog();
  return (await c.run(`Disconnect ${engine.name}`, async () => (await removeEngine(catalog, engine.name, c.deps.secrets), true))) ?? false;
}

async function sync(c: ContainerCommandContext, arg?: CommandArg): Promise<SyncResult | undefined> {
  const engine = await c.engine(arg, { placeHolder: 'Engine to sync' });
  if (!engine) return undefined;
  const catalog = await c.deps.catalog();
  const result = await c.guard(`Sync ${engine.name}`, () =>
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Syncing ${engine.name}`, cancellable: true },
      async (progress, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        let last = 0;
        return syncEngine(catalog, engine, c.engineCtx, {
          signal: ac.signal,
          onProgress: (p) => {
            const pct = p.total ? (p.done / p.total) * 100 : 0;
            progress.report({ message: p.message, increment: Math.max(0, pct - last) });
            last = Math.max(last, pct);
          },
        });
      },
    ),
  );
  return result;
}
