import * as vscode from 'vscode';
import { normalizeRegistryUrl } from '../../../registries/registryUrl';
import { ArgumentError } from '../../common/commandArgs';
import { signalOf, type CommandHandler } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { pickRegistryTag } from './pickRegistryTag';
import { asNode, registryRefFrom, registryArgs, runRegistryCommand, type RegistryCommandContext, type RegistryArgs } from './registryCommandContext';

/**
 * `containerCatalog.registries.copyReference` (`host/repo:tag`) and `…copyDigestReference`
 * (`host/repo@sha256:…`, the immutable one) — a tag node or `{ id|url, repository, tag }`, else picked:
 * registry, repository, tag.
 * Copies to the clipboard and resolves with the reference.
 */
export function copyReference(ctx: RegistryCommandContext, byDigest: boolean): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const o = node ? undefined : registryArgs(CommandIds.registriesCopyReference, arg, COPY_ARGS);
    return runRegistryCommand(ctx, vscode.l10n.t('Copy reference'), o !== undefined, async ({ signal }) => {
      // From the palette (or a menu on another node): registry → repository → tag, each picked.
      const target = node?.type === 'tag' ? { ...node } : o ? await fromArgs(ctx, o) : await pickRegistryTag(ctx, signal);
      if (!target) return undefined;
      let reference = `${target.referenceHost}/${target.repository}:${target.tag}`;
      if (byDigest) {
        const digest =
          target.digest ??
          (await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading the digest of {0}:{1}…', target.repository, target.tag), cancellable: true },
            (_p, token) => ctx.service.browser.manifestDigest(target.registryId, target.repository, target.tag, signalOf(token)),
          ));
        reference = `${target.referenceHost}/${target.repository}@${digest}`;
      }
      await vscode.env.clipboard.writeText(reference);
      if (!o) vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', reference), 4000);
      return reference;
    });
  };
}

const COPY_ARGS = { repository: { kind: 'string', max: 256 }, tag: { kind: 'string', max: 128 } } as const;

async function fromArgs(ctx: RegistryCommandContext, o: RegistryArgs<typeof COPY_ARGS> | undefined): Promise<{ registryId: string; referenceHost: string; repository: string; tag: string; digest: string | undefined } | undefined> {
  if (!o) return undefined;
  const ref = registryRefFrom(undefined, o);
  const { repository, tag } = o;
  if (!ref || !repository || !tag) throw new ArgumentError('"id" or "url", "repository" and "tag" are required.');
  const registry = await ctx.service.get(ref);
  return { registryId: registry.id, referenceHost: normalizeRegistryUrl(registry.url).referenceHost, repository, tag, digest: undefined as string | undefined };
}
