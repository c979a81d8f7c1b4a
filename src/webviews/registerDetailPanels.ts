import * as vscode from 'vscode';
import { ArgumentError } from '../providers/common/commandArgs';
import type { ExtensionDeps } from '../providers/platform/extensionDeps';
import type { CatalogChangeSource, PanelType } from './detailPanels';
import { DetailPanels } from './detailPanels';
import type { PanelRequest } from './panelSession';

/** Catalog changes for open panels; subscribes once the catalog is open (panels open it anyway). */
function catalogChanges(deps: ExtensionDeps): CatalogChangeSource {
  return (listener) => {
    let subscription: { dispose(): void } | undefined;
    let disposed = false;
    deps.catalog().then(
      (c) => {
        if (!disposed) subscription = c.onDidChange(listener);
      },
      (e: unknown) => deps.log.warn(`detail panels will not follow catalog changes: ${e instanceof Error ? e.message : String(e)}`),
    );
    return {
      dispose() {
        disposed = true;
        subscription?.dispose();
      },
    };
  };
}

/** The panel host shared by every capability's detail panel. */
export function createDetailPanels(deps: ExtensionDeps): DetailPanels {
  return new DetailPanels(deps.context.extensionUri, deps.log, catalogChanges(deps));
}

/**
 * Registers one panel type: its restore serializer and its `openDetails` command, which takes a
 * tree node or `{ id }` (keybindings, tests) or, from the palette (nothing passed), asks with a quick pick.
 * Anything else passed without an id is refused: code is never asked.
 */
export function registerDetailPanel<V, M extends PanelRequest, L>(
  panels: DetailPanels,
  type: PanelType<V, M, L>,
  command: string,
  pick: () => Promise<string | undefined>,
  log: vscode.LogOutputChannel,
  /** The object id in a tree node of the owning view (its node ids differ from object ids). */
  idOfNode: (arg: unknown) => string | undefined = () => undefined,
): vscode.Disposable {
  return vscode.Disposable.from(
    panels.register(type),
    vscode.commands.registerCommand(command, async (arg?: unknown) => {
      const given = idOfNode(arg) ?? idFromArgument(arg);
      if (given === undefined && arg !== undefined && arg !== null) throw new ArgumentError(`${command}: "id" is required (a tree node, an id string or { id }).`);
      const id = given ?? (await pick());
      if (id === undefined) return;
      try {
        await panels.show(type, id);
      } catch (e) {
        log.error(`cannot open details for ${id}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('Cannot open the details: {0}', e instanceof Error ? e.message : String(e)));
      }
    }),
  );
}

/** Accepts `{ id }` (or `{ objectId }`) or a bare id string. */
export function idFromArgument(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg.length > 0 && arg.length <= 200) return arg;
  if (typeof arg === 'number' && Number.isSafeInteger(arg)) return String(arg);
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as Record<string, unknown>;
  for (const key of ['id', 'objectId']) {
    const v = a[key];
    if (typeof v === 'string' && v.length > 0 && v.length <= 200) return v;
    if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  }
  return undefined;
}
