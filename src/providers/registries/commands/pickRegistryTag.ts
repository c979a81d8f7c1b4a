import * as vscode from 'vscode';
import { normalizeRegistryUrl } from '../../../registries/registryUrl';
import { orderTags } from '../../../registries/tagOrder';
import type { RegistryCommandContext } from './registryCommandContext';

/** What Copy Reference needs of a tag picked from the palette. */
export interface PickedTag {
  readonly registryId: string;
  readonly referenceHost: string;
  readonly repository: string;
  readonly tag: string;
  readonly digest: string | undefined;
}

/** How many repositories and tags one pick lists (the first page of each, as the tree's first page). */
const PAGE = 100;

/**
 * Registry → repository → tag, each a quick pick: registries from the catalog, repositories the registry
 * lists (plus those tracked by hand; a registry that refuses listing offers those alone), tags newest
 * first. Undefined when the user leaves a pick. Listing failures reject with the registry's own message.
 */
export async function pickRegistryTag(ctx: RegistryCommandContext, signal: AbortSignal): Promise<PickedTag | undefined> {
  const registries = await ctx.service.list();
  if (!registries.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Add a registry first.'));
    return undefined;
  }
  const registry = (await vscode.window.showQuickPick(
    registries.map((r) => ({ label: r.name, description: normalizeRegistryUrl(r.url).referenceHost, r })),
    { title: vscode.l10n.t('Copy Reference (1/3): registry'), matchOnDescription: true },
  ))?.r;
  if (!registry) return undefined;
  const tracked = await ctx.service.browser.trackedRepositories(registry.id);
  const listed = await progress(vscode.l10n.t('Listing the repositories of {0}…', registry.name), () =>
    ctx.service.browser.repositoriesPage(registry.id, undefined, { pageSize: PAGE, signal }).then((p) => p.items, (e: unknown) => {
      // A registry that refuses _catalog (most public ones) still has the repositories tracked by hand.
      if (tracked.length) return [] as string[];
      throw e;
    }),
  );
  const repos = [...new Set([...listed, ...tracked])].sort();
  if (!repos.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} lists no repository. Track one by name from the Registries view.', registry.name));
    return undefined;
  }
  const repository = (await vscode.window.showQuickPick(
    repos.map((name) => ({ label: name, description: tracked.includes(name) ? vscode.l10n.t('tracked') : '' })),
    { title: vscode.l10n.t('Copy Reference (2/3): repository of {0}', registry.name) },
  ))?.label;
  if (!repository) return undefined;
  const tags = await progress(vscode.l10n.t('Listing the tags of {0}…', repository), () => ctx.service.browser.tagsPage(registry.id, repository, undefined, { pageSize: PAGE, signal }));
  if (!tags.items.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no tag.', repository));
    return undefined;
  }
  const tag = (await vscode.window.showQuickPick(orderTags(tags.items.map((t) => ({ tag: t }))).map((t) => ({ label: t.tag })), {
    title: vscode.l10n.t('Copy Reference (3/3): tag of {0}', repository),
  }))?.label;
  if (!tag) return undefined;
  return { registryId: registry.id, referenceHost: normalizeRegistryUrl(registry.url).referenceHost, repository, tag, digest: undefined };
}

function progress<T>(title: string, run: () => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, run);
}
