import * as vscode from 'vscode';
import { ArgumentError, readArgs, requiredArg } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { isEngineError } from '../../../containers/engineError';
import { defaultImportName, importLocalImage, importNameProblem, type ImportLocalResult } from '../../../containers/importLocalImage';
import { LocalState } from '../../../images/imageKinds';
import { listLocalImages } from '../../../images/listLocalImages';
import { readLocalImage } from '../../../images/readLocalImage';
import type { CommandHandler, ContainerCommandContext } from './containerCommandContext';

const ARGS = {
  engine: 'string',
  localImageId: 'string',
  /** LXD: the alias; Podman/Docker: repo[:tag]. Default: from the row's distribution and release. */
  name: { kind: 'string', max: 256 },
} as const;

/** A Local images row of the Image Sources view, as its menu passes it (only what is read here). */
function asLocalNode(arg: unknown): { localId: string } | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const o = arg as { type?: unknown; id?: unknown; localId?: unknown };
  return o.type === 'local' && typeof o.id === 'string' && typeof o.localId === 'string' ? { localId: o.localId } : undefined;
}

function nameCheck(kind: 'lxd' | 'podman' | 'docker'): (v: string) => string | undefined {
  return (v) => {
    if (!importNameProblem(kind, v)) return undefined;
    return kind === 'lxd'
      ? vscode.l10n.t('An LXD image alias is letters, digits, ".", "_", ":" and "-" (at most 128), starting with a letter or digit.')
      : vscode.l10n.t('An image name is lower-case path parts (letters, digits, ".", "_", "-") and an optional ":tag".');
  };
}

/**
 * `containerCatalog.localImages.importToEngine` — "Import into Engine…" on a downloaded Local images row,
 * the palette, or `{ engine, localImageId, name? }`. LXD gets an image with an alias (a plain rootfs as a
 * split image with metadata from the row), Podman/Docker an image tagged repo:tag; the engine is synced after.
 */
export function importLocalToEngine(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asLocalNode(arg);
    const a = node ? undefined : readArgs(CommandIds.localImagesImportToEngine, arg, ARGS);
    const catalog = await ctx.catalog();
    const localId = node?.localId ?? requiredArg(a, 'localImageId') ?? (await pickLocal(ctx));
    if (!localId) return undefined;
    const row = await readLocalImage(catalog, localId);
    if (!row) throw new ArgumentError(`${CommandIds.localImagesImportToEngine}: no local image ${localId}.`);
    const engine = await ctx.engine(a?.engine, { kinds: ['lxd', 'podman', 'docker'], placeHolder: vscode.l10n.t('Engine to import {0} into', row.name), args: a });
    if (!engine || engine.kind === 'catalog') return undefined;
    const kind = engine.kind;
    const prompt = kind === 'lxd' ? vscode.l10n.t('Alias of the image in {0}', engine.name) : vscode.l10n.t('Image name in {0} (repository:tag)', engine.name);
    const name = a ? a.name ?? defaultImportName(kind, row) : await ctx.text(undefined, prompt, nameCheck(kind), defaultImportName(kind, row));
    if (!name) return undefined;
    const check = nameCheck(kind)(name);
    if (check) throw new ArgumentError(`${CommandIds.localImagesImportToEngine}: ${check}`);
    const run = {
      ...ctx.commandRun(vscode.l10n.t('Import {0} into {1}', row.name, engine.name), a !== undefined, { progress: true }),
      expected: (e: unknown) => isEngineError(e, 'api'),
    };
    const result = await runCommand(run, () => importLocalImage(catalog, engine, ctx.engineCtx, localId, name));
    if (result && !a) void vscode.window.showInformationMessage(vscode.l10n.t('{0} is in {1} as {2}.', row.name, engine.name, result.name));
    return result satisfies ImportLocalResult | undefined;
  };
}

async function pickLocal(ctx: ContainerCommandContext): Promise<string | undefined> {
  const rows = (await listLocalImages(await ctx.catalog())).filter((l) => l.state !== LocalState.NotDownloaded && l.localFilename);
  if (!rows.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No downloaded local image yet. Download an image source or import a tarball first.'));
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    rows.map((r) => ({ label: r.name, description: [r.distribution, r.release, r.arch].filter(Boolean).join(' '), id: r.id })),
    { placeHolder: vscode.l10n.t('Local image to import into an engine'), matchOnDescription: true },
  );
  return pick?.id;
}
