import * as vscode from 'vscode';
import { ArgumentError, readArgs, requiredArg } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { isEngineError } from '../../../containers/engineError';
import { listOutdatedEngineImages } from '../../../containers/engineImageUpdates';
import { repullEngineImage as repull, type RepullResult } from '../../../containers/repullEngineImage';
import { credentialsFromSecrets } from '../../../images/registryCredentials';
import { isRegistryError } from '../../../registries/registryError';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';
import { describePull } from './registryTagArg';

const ARGS = { engine: 'string', image: { kind: 'string', max: 512 } } as const;

/**
 * `containerCatalog.engineImages.repull` — an image node, or `{ engine, image }` (id, fingerprint or tag):
 * pulls the image again from its registry tags with the saved login (Podman/Docker) or refreshes it from
 * its update source (LXD), with progress and Cancel. Without a node or image, picks among the images the
 * last check marked outdated.
 */
export function repullEngineImage(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.engineImagesRepull, arg, ARGS);
    if (node && node.type !== 'image') throw new ArgumentError(`${CommandIds.engineImagesRepull} takes an image of the Containers view.`);
    if (a && a.image !== undefined && a.engine === undefined) throw new ArgumentError(`${CommandIds.engineImagesRepull}: "engine" is required with "image".`);
    const engine = await ctx.engine(node?.type === 'image' ? node.engine : a?.engine, { kinds: ['lxd', 'podman', 'docker'], placeHolder: vscode.l10n.t('Engine of the image to pull again'), args: a });
    if (!engine) return undefined;
    const catalog = await ctx.catalog();
    let image = node?.type === 'image' ? node.fingerprint : requiredArg(a, 'image');
    if (image === undefined) {
      const outdated = await listOutdatedEngineImages(catalog, engine.id);
      if (!outdated.length) {
        void vscode.window.showInformationMessage(vscode.l10n.t('No image of {0} is marked outdated. Check for outdated images first.', engine.name));
        return undefined;
      }
      const pick = await vscode.window.showQuickPick(
        outdated.map((o) => ({ label: o.name, description: o.fingerprint.slice(0, 12), fingerprint: o.fingerprint })),
        { placeHolder: vscode.l10n.t('Outdated image of {0} to pull again', engine.name) },
      );
      if (!pick) return undefined;
      image = pick.fingerprint;
    }
    const target = image;
    const run = {
      ...ctx.commandRun(vscode.l10n.t('Pull {0} again into {1}', target.slice(0, 64), engine.name), a !== undefined, { progress: true, cancelled: (e: unknown) => isEngineError(e, 'cancelled') }),
      expected: (e: unknown) => isEngineError(e, 'api') || isRegistryError(e),
    };
    return runCommand(run, async ({ signal, report }): Promise<RepullResult> => {
      const r = await repull(catalog, engine, ctx.engineCtx, target, { credentialsFor: credentialsFromSecrets(ctx.deps.secrets), signal, onProgress: (p) => report(describePull(p)) });
      if (a === undefined && !r.pulled.length) {
        void vscode.window.showInformationMessage(vscode.l10n.t('{0} found no newer build (LXD reads a simplestreams server through its own cache, up to an hour old; try again later).', engine.name));
      }
      return r;
    });
  };
}
