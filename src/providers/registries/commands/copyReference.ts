import * as vscode from 'vscode';
import { normalizeRegistryUrl } from '../../../registries/registryUrl';
import { ArgumentError, asArgObject, asNode, registryRefFrom, runCommand, signalOf, stringField, type RegistryCommandContext, type CommandHandler } from './registryCommandContext';

/**
 * `containerCatalog.registries.copyReference` (`host/repo:tag`) and `…copyDigestReference`
 * (`host/repo@sha256:…`, the immutable one) — a tag node or `{ id|url, repository, tag }`.
 * Copies to the clipboard and resolves with the reference.
 */
export function copyReference(ctx: RegistryCommandContext, byDigest: boolean): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const o = node ? undefined : asArgObject(arg);
    return runCommand(ctx, 'Copy reference', o !== undefined, async () => {
      const target = node?.type === 'tag' ? { ...node } : await fromArgs(ctx, o);
      if (!target) {
        void vscode.window.showInformationMessage('Select a tag in the Registries view to copy its reference.');
        return undefined;
      }
      let reference = `${target.referenceHost}/${target.repository}:${target.tag}`;
      if (byDigest) {
        const digest =
          target.digest ??
          (await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Window, title: `Reading the digest of ${target.repository}:${target.tag}…`, cancellable: true },
            (_p, token) => ctx.service.manifestDigest(target.registryId, target.repository, target.tag, signalOf(token)),
          ));
        reference = `${target.referenceHost}/${target.repository}@${digest}`;
      }
      await vscode.env.clipboard.writeText(reference);
      if (!o) vscode.window.setStatusBarMessage(`Copied ${reference}`, 4000);
      return reference;
    });
  };
}

async function fromArgs(ctx: RegistryCommandContext, o: Readonly<Record<string, unknown>> | undefined) {
  if (!o) return undefined;
  const ref = registryRefFrom(o);
  const repository = stringField(o, 'repository', 256);
  const tag = stringField(o, 'tag', 128);
  if (!ref || !repository || !tag) throw new ArgumentError('"id" or "url", "repository" and "tag" are required.');
  const registry = await ctx.service.get(ref);
  return { registryId: registry.id, referenceHost: normalizeRegistryUrl(registry.url).referenceHost, repository, tag, digest: undefined as string | undefined };
}
