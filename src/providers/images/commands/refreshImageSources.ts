import * as vscode from 'vscode';
import { ArgumentError, readArgs } from '../../common/commandArgs';
import { runCommand, type CommandHandler } from '../../common/runCommand';
import { ImageCommandIds } from '../../platform/ids';
import { showError } from '../../platform/showError';
import { refreshBuiltin } from '../../../images/builtinCatalog';
import { ImageCancelledError } from '../../../images/imageCatalogError';
import type { ImageTypeName } from '../../../images/imageKinds';
import { refreshAllImageSources, type TypeRefresh } from '../../../images/refreshAll';
import { refreshSimplestreams } from '../../../images/refreshSimplestreams';
import { ensureServerList } from '../../../images/serverList';
import { refreshUriSources } from '../../../images/uriSources';
import { asNode, fromCode, withProgress, type ImageCommandContext } from '../imageCommandContext';
import { readImageSettings } from '../imageSettings';
import { checkOutdatedImages } from './checkOutdatedImages';

/** The types with a catalog to refresh; registry images are checked with HEAD requests instead. */
const TYPES: readonly ImageTypeName[] = ['Builtin', 'Incus', 'Uri'];

/**
 * `containerCatalog.imageSources.refresh` and `…refreshForced` — `{ type?, force? }`, a type node (its
 * inline action: that type; on registry images, the HEAD-only check), or nothing for every type.
 * Inside the TTL nothing is asked unless forced. Resolves with each type's outcome.
 */
export function refreshImageSources(ctx: ImageCommandContext, forced: boolean): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    if (node?.type === 'sourceType' && node.sourceType === 'Docker') {
      await checkOutdatedImages(ctx)(undefined);
      return undefined;
    }
    return runCommand(
      { title: vscode.l10n.t('Refreshing image sources'), log: ctx.deps.log, programmatic: fromCode(arg), cancelled: (e) => e instanceof ImageCancelledError },
      async () => {
        const a = node?.type === 'sourceType' && TYPES.includes(node.sourceType as ImageTypeName)
          ? { type: node.sourceType, force: undefined }
          : node ? undefined : readArgs(ImageCommandIds.refresh, arg, { type: 'string', force: 'boolean' });
        const force = forced || a?.force === true;
        if (a?.type !== undefined && !TYPES.includes(a.type as ImageTypeName)) {
          throw new ArgumentError(`${ImageCommandIds.refresh}: "type" must be one of ${TYPES.join(', ')}.`);
        }
        const settings = readImageSettings();
        const catalog = await ctx.deps.catalog();
        await ensureServerList(catalog, settings.simplestreamsServers);
        const results = await withProgress(ctx, force ? 'Refreshing image sources (forced)' : 'Refreshing image sources', async ({ signal }) => {
          const opts = { force, ttlSeconds: settings.ttlSeconds, signal };
          if (a?.type === 'Incus') return [await refreshSimplestreams(catalog, opts)];
          if (a?.type === 'Builtin') return [await refreshBuiltin(catalog, settings.builtinCatalogUrl, opts)];
          if (a?.type === 'Uri') return [await refreshUriSources(catalog, opts)];
          return refreshAllImageSources(catalog, { ...opts, builtinCatalogUrl: settings.builtinCatalogUrl });
        });
        if (!results) return undefined;
        for (const r of results) {
          ctx.deps.log.info(`refresh ${r.type}: ${r.status}${'error' in r ? ` (${r.error})` : ''}`);
          // A malformed entry of a list is skipped, not the list: say which and why.
          for (const s of ('skipped' in r ? r.skipped ?? [] : [])) ctx.deps.log.warn(`refresh ${r.type}: skipped ${s}`);
        }
        ctx.tree.refresh(0);
        // A type that failed does not stop the others; it is reported once, and its outcome says so.
        const failed = results.filter((r): r is Extract<TypeRefresh, { status: 'failed' }> => r.status === 'failed');
        // A server or catalog URL that could not be read is named; the others were refreshed all the same.
        const unread = results.flatMap((r) => ('failedScopes' in r ? r.failedScopes ?? [] : []));
        for (const u of unread) ctx.deps.log.warn(`refresh: ${u.scope} could not be read: ${u.error}`);
        const problems = [
          ...(failed.length ? [vscode.l10n.t('Refreshing {0} failed: {1}', failed.map((f) => f.type).join(', '), failed[0].error)] : []),
          ...(unread.length ? [vscode.l10n.t('Could not read {0}: {1}. The other sources were refreshed; check the address, or remove it from the list.', unread.map((u) => u.scope).join(', '), unread[0].error)] : []),
        ];
        // Called by code, a refresh that left something unread rejects (what was read is written), as every
        // command does; from the palette or a menu it is one message.
        if (problems.length && fromCode(arg)) throw new Error(problems.join(' '));
        for (const p of problems) void showError(ctx.deps.log, p);
        return results;
      },
    );
  };
}
