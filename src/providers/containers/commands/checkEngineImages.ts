import * as vscode from 'vscode';
import { readArgs } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { isEngineError } from '../../../containers/engineError';
import { checkEngineImageUpdates, type EngineImageCheck } from '../../../containers/engineImageUpdates';
import { credentialsFromSecrets } from '../../../images/registryCredentials';
import { isRegistryError } from '../../../registries/registryError';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';

const ARGS = { engine: 'string' } as const;

/**
 * `containerCatalog.engineImages.checkOutdated` — an engine node or `{ engine }`: compares the images the
 * engine holds with their sources (Podman/Docker: one HEAD per registry tag with the registry's saved
 * login; LXD: the simplestreams server of each image's update source, ETag-aware), with progress and
 * Cancel. The outdated ones are marked in the catalog and the tree. Resolves with the check's outcome.
 */
export function checkEngineImages(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.engineImagesCheckOutdated, arg, ARGS);
    const engine = node?.type === 'engine' ? node.engine : await ctx.engine(a?.engine, { kinds: ['lxd', 'podman', 'docker'], placeHolder: vscode.l10n.t('Engine whose images to check'), args: a });
    if (!engine) return undefined;
    const catalog = await ctx.catalog();
    const run = {
      ...ctx.commandRun(vscode.l10n.t('Checking the images of {0} (HEAD requests only)', engine.name), a !== undefined, { progress: true, cancelled: (e: unknown) => isEngineError(e, 'cancelled') }),
      expected: (e: unknown) => isEngineError(e, 'api') || isEngineError(e, 'unreachable') || isRegistryError(e),
    };
    return runCommand(run, async ({ signal, report }): Promise<EngineImageCheck> => {
      const r = await checkEngineImageUpdates(catalog, engine, ctx.engineCtx, {
        credentialsFor: credentialsFromSecrets(ctx.deps.secrets),
        signal,
        onProgress: (done, total) => report(vscode.l10n.t('{0} of {1}', done, total)),
      });
      for (const e of r.errors) ctx.deps.log.warn(`check of ${engine.name} images: ${e.image}: ${e.message}`);
      if (a === undefined) {
        const summary = r.errors.length
          ? vscode.l10n.t('{0}: checked {1} image(s), {2} outdated; {3} could not be checked (see the log).', engine.name, r.checked, r.outdated.length, r.errors.length)
          : vscode.l10n.t('{0}: checked {1} image(s), {2} outdated.', engine.name, r.checked, r.outdated.length);
        // A rate-limited registry is said first, in the message itself: the user should wait, not look for a fault.
        const limited = r.rateLimited.map((l) => vscode.l10n.t('{0} {1} image(s) of it not checked; their marks are unchanged.', l.message, l.notChecked));
        if (limited.length) void vscode.window.showWarningMessage(vscode.l10n.t('{0}: {1} Checked {2} image(s), {3} outdated.', engine.name, limited.join(' '), r.checked, r.outdated.length));
        else void vscode.window.showInformationMessage(summary);
      }
      return r;
    });
  };
}
