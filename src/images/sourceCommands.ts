import * as vscode from 'vscode';
import { Registry } from '../entities/Registry';
import { showError } from '../platform/showError';
import { argObject, asNode } from './commandArgs';
import { ImageSource } from '../entities/ImageSource';
import { deleteImageSource } from './localImages';
import { ImageCancelledError } from './imageCatalogError';
import type { ImageCommandContext } from './imageCommandContext';
import { readImageSettings } from './imageSettings';
import type { ImageTypeName } from './imageKinds';
import { refreshAllImageSources, type TypeRefresh } from './refreshAll';
import { addRegistryImage, checkRegistryImages, type OutdatedCheck } from './registryImages';
import { credentialsFromSecrets } from './registryCredentials';
import { refreshBuiltin } from './builtinCatalog';
import { refreshSimplestreams } from './refreshSimplestreams';
import { addServer, ensureServerList, listServers, normalizeServerUrl, removeServer } from './serverList';
import { addUriSource, refreshUriSources } from './uriSources';

const fail = (ctx: ImageCommandContext, what: string, e: unknown): undefined => {
  void showError(ctx.deps.log, `${what}: ${e instanceof Error ? e.message : String(e)}`, e);
  return undefined;
};

const validUrl = (v: string): string | undefined => {
  try {
    normalizeServerUrl(v);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
};

export async function addSimplestreamsServer(ctx: ImageCommandContext, arg: unknown): Promise<string[] | undefined> {
  try {
    const a = argObject('addSimplestreams', arg, ['url'] as const);
    const url = a?.url ?? await vscode.window.showInputBox({
      title: 'Add Simplestreams Server', prompt: 'Base URL of an LXD/Incus image server (it serves streams/v1/index.json)',
      placeHolder: 'https://images.linuxcontainers.org', validateInput: validUrl, ignoreFocusOut: true,
    });
    if (!url) return undefined;
    const catalog = await ctx.deps.catalog();
    await ensureServerList(catalog, readImageSettings().simplestreamsServers);
    const added = await addServer(catalog, url);
    ctx.deps.log.info(`simplestreams server added: ${added}`);
    return await catalog.read((em) => listServers(em, []));
  } catch (e) {
    return fail(ctx, 'Adding the simplestreams server failed', e);
  }
}

export async function removeSimplestreamsServer(ctx: ImageCommandContext, arg: unknown): Promise<number | undefined> {
  try {
    const a = argObject('removeSimplestreams', arg, ['url'] as const);
    const catalog = await ctx.deps.catalog();
    const servers = await ensureServerList(catalog, readImageSettings().simplestreamsServers);
    const url = a?.url ?? await vscode.window.showQuickPick(servers, { title: 'Remove Simplestreams Server', placeHolder: 'Its image sources are removed; local images stay' });
    if (!url) return undefined;
    const { removedRows } = await removeServer(catalog, url);
    ctx.deps.log.info(`simplestreams server removed: ${url} (${removedRows} image sources removed)`);
    return removedRows;
  } catch (e) {
    return fail(ctx, 'Removing the simplestreams server failed', e);
  }
}

export async function addUri(ctx: ImageCommandContext, arg: unknown): Promise<string | undefined> {
  try {
    const a = argObject('addUri', arg, ['url', 'digestUrl', 'distribution', 'release', 'name'] as const);
    let input = a?.url ? { ...a, url: a.url } : undefined;
    if (!input) {
      const url = await vscode.window.showInputBox({
        title: 'Add Image URL (1/2)', prompt: 'URL of a rootfs tarball (http or https)', ignoreFocusOut: true,
        validateInput: (v) => (/^https?:\/\/\S+$/.test(v.trim()) ? undefined : 'Enter an http(s) URL'),
      });
      if (!url) return undefined;
      const digestUrl = await vscode.window.showInputBox({
        title: 'Add Image URL (2/2)', prompt: 'Checksum file (SHA256SUMS or a .sha256 file); empty: look next to the tarball',
        ignoreFocusOut: true, validateInput: (v) => (!v.trim() || /^https?:\/\/\S+$/.test(v.trim()) ? undefined : 'Enter an http(s) URL or nothing'),
      });
      if (digestUrl === undefined) return undefined;
      input = { url: url.trim(), digestUrl: digestUrl.trim() || undefined };
    }
    const catalog = await ctx.deps.catalog();
    const id = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Reading the checksum of ${input.url}`, cancellable: true },
      (_p, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        return addUriSource(catalog, input, { signal: ac.signal });
      },
    );
    ctx.deps.log.info(`image URL added: ${input.url}`);
    return id;
  } catch (e) {
    if (e instanceof ImageCancelledError) return undefined;
    return fail(ctx, 'Adding the image URL failed', e);
  }
}

export async function addRegistryImageCommand(ctx: ImageCommandContext, arg: unknown): Promise<string | undefined> {
  try {
    const a = argObject('addRegistryImage', arg, ['registryId', 'repository', 'tag'] as const);
    const catalog = await ctx.deps.catalog();
    let registryId = a?.registryId;
    let repository = a?.repository;
    let tag = a?.tag;
    if (!registryId) {
      const registries = await catalog.read((em) => em.find(Registry, { order: { name: 'ASC' } }));
      if (!registries.length) throw new Error('there is no registry in the catalog; add one in the Registries view first');
      const pick = await vscode.window.showQuickPick(registries.map((r) => ({ label: r.name, description: r.url, id: r.id })), { title: 'Add Registry Image: registry' });
      if (!pick) return undefined;
      registryId = pick.id;
    }
    if (!repository || !tag) {
      const ref = await vscode.window.showInputBox({
        title: 'Add Registry Image: repository and tag', prompt: 'repository:tag, e.g. library/alpine:3.20', ignoreFocusOut: true,
        validateInput: (v) => (/^[a-z0-9][a-z0-9._/-]*:[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/.test(v.trim()) ? undefined : 'Enter repository:tag'),
      });
      if (!ref) return undefined;
      const i = ref.trim().lastIndexOf(':');
      repository = ref.trim().slice(0, i);
      tag = ref.trim().slice(i + 1);
    }
    const input = { registryId, repository, tag };
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Reading ${repository}:${tag}`, cancellable: true },
      (_p, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        return addRegistryImage(catalog, input, credentialsFromSecrets(ctx.deps.secrets), ac.signal);
      },
    );
  } catch (e) {
    return fail(ctx, 'Adding the registry image failed', e);
  }
}

const TYPES: readonly ImageTypeName[] = ['Builtin', 'Incus', 'Uri'];

export async function refreshSources(ctx: ImageCommandContext, arg: unknown, forced: boolean): Promise<TypeRefresh[] | undefined> {
  try {
    const node = asNode(arg);
    // The inline action on a type node refreshes that type (registry images: the HEAD-only check).
    if (node?.type === 'sourceType' && node.sourceType === 'Docker') {
      await checkOutdated(ctx, undefined);
      return undefined;
    }
    const a = node?.type === 'sourceType' && TYPES.includes(node.sourceType as ImageTypeName)
      ? { type: node.sourceType, force: undefined }
      : argObject('refresh', arg, ['type'] as const, ['force'] as const);
    const force = forced || a?.force === true;
    if (a?.type !== undefined && !TYPES.includes(a.type as ImageTypeName)) {
      throw new Error(`refresh: "type" must be one of ${TYPES.join(', ')}`);
    }
    const settings = readImageSettings();
    const catalog = await ctx.deps.catalog();
    await ensureServerList(catalog, settings.simplestreamsServers);
    const results = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: force ? 'Refreshing image sources (forced)' : 'Refreshing image sources', cancellable: true },
      async (_p, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        const opts = { force, ttlSeconds: settings.ttlSeconds, signal: ac.signal };
        if (a?.type === 'Incus') return [await refreshSimplestreams(catalog, opts)];
        if (a?.type === 'Builtin') return [await refreshBuiltin(catalog, settings.builtinCatalogUrl, opts)];
        if (a?.type === 'Uri') return [await refreshUriSources(catalog, opts)];
        return refreshAllImageSources(catalog, { ...opts, builtinCatalogUrl: settings.builtinCatalogUrl });
      },
    );
    for (const r of results) ctx.deps.log.info(`refresh ${r.type}: ${r.status}${'error' in r ? ` (${r.error})` : ''}`);
    const failed = results.filter((r): r is Extract<TypeRefresh, { status: 'failed' }> => r.status === 'failed');
    if (failed.length) void showError(ctx.deps.log, `Refreshing ${failed.map((f) => f.type).join(', ')} failed: ${failed[0].error}`);
    ctx.tree.refresh(0);
    return results;
  } catch (e) {
    if (e instanceof ImageCancelledError) return undefined;
    return fail(ctx, 'Refreshing image sources failed', e);
  }
}

export async function checkOutdated(ctx: ImageCommandContext, arg: unknown): Promise<OutdatedCheck | undefined> {
  try {
    argObject('checkOutdated', arg, [] as const);
    const catalog = await ctx.deps.catalog();
    const r = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Checking registry images (HEAD requests only)', cancellable: true },
      (progress, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        return checkRegistryImages(catalog, credentialsFromSecrets(ctx.deps.secrets), {
          signal: ac.signal,
          onProgress: (done, total) => progress.report({ message: `${done} of ${total}`, increment: 100 / Math.max(1, total) }),
        });
      },
    );
    for (const e of r.errors) ctx.deps.log.warn(`check for outdated: ${e.name}: ${e.message}`);
    void vscode.window.showInformationMessage(
      `Checked ${r.checked} registry image(s): ${r.changed.length} changed, ${r.outdated} local image(s) now outdated${r.errors.length ? `, ${r.errors.length} failed (see log)` : ''}.`,
    );
    return r;
  } catch (e) {
    if (e instanceof ImageCancelledError) return undefined;
    return fail(ctx, 'Checking for outdated images failed', e);
  }
}

export async function deleteSource(ctx: ImageCommandContext, arg: unknown): Promise<boolean | undefined> {
  try {
    const node = asNode(arg);
    const a = node ? undefined : argObject('deleteSource', arg, ['sourceId'] as const, ['confirmed'] as const);
    let id = node?.type === 'source' ? node.sourceId : a?.sourceId;
    const catalog = await ctx.deps.catalog();
    if (!id) {
      const rows = await catalog.read((em) => em.find(ImageSource, { order: { type: 'ASC', distribution: 'ASC', tags: 'ASC' } }));
      id = (await vscode.window.showQuickPick(rows.map((s) => ({ label: s.name ?? s.distribution, description: s.type, detail: s.url ?? '', id: s.id })), {
        title: 'Delete Image Source', matchOnDetail: true,
      }))?.id;
      if (!id) return undefined;
    }
    const sourceId = id;
    const source = await catalog.read((em) => em.findOne(ImageSource, { where: { id: sourceId } }));
    if (!source) throw new Error(`image source ${sourceId} does not exist`);
    if (a?.confirmed !== true) {
      const ok = await vscode.window.showWarningMessage(`Delete the image source "${source.name ?? source.distribution}"?`, {
        modal: true,
        detail: source.type === 'Incus' || source.type === 'Builtin'
          ? 'The next refresh of its catalog adds it again. Downloaded local images stay.'
          : 'Downloaded local images stay.',
      }, 'Delete');
      if (ok !== 'Delete') return undefined;
    }
    await deleteImageSource(catalog, sourceId);
    ctx.deps.log.info(`image source deleted: ${source.name ?? source.id}`);
    return true;
  } catch (e) {
    return fail(ctx, 'Deleting the image source failed', e);
  }
}
