import * as vscode from 'vscode';
import { listEngineObjects } from '../../containers/engineObjectLists';
import { listEngines } from '../../containers/engineRegistry';
import { ImageType, LocalState } from '../../images/imageKinds';
import { listImageSources } from '../../images/listImageSources';
import { listLocalImages } from '../../images/listLocalImages';
import type { Catalog } from '../../store/catalog';
import { formatSize } from '../../shared/formatSize';
import { launchPanelId } from './launchPanelId';

type Item = vscode.QuickPickItem & { id?: string };

/**
 * The Launch panel from the palette: one list of what can be launched, in three parts (images of simplestreams
 * servers, images the engines hold, downloaded local images). A registry tag's panel opens from its row.
 * Resolves with the panel id, or undefined when cancelled or there is nothing to launch.
 */
export async function pickLaunchSource(catalog: Catalog): Promise<string | undefined> {
  const items: Item[] = [];
  const part = (label: string, rows: Item[]): void => {
    if (rows.length) items.push({ label, kind: vscode.QuickPickItemKind.Separator }, ...rows);
  };
  part(
    vscode.l10n.t('Image sources (LXD pulls them)'),
    (await listImageSources(catalog, { type: ImageType.Incus })).map((r) => ({ label: r.name ?? r.distribution, description: r.tags, id: launchPanelId({ kind: 'imageSource', sourceId: r.id }) })),
  );
  const held: Item[] = [];
  for (const e of await listEngines(catalog)) {
    if (e.kind === 'catalog') continue;
    for (const i of await listEngineObjects(catalog, e.id, 'images')) {
      held.push({ label: i.aliases[0] ?? i.fingerprint.slice(0, 12), description: `${e.name} · ${formatSize(i.size)}`, id: launchPanelId({ kind: 'engineImage', engineId: e.id, fingerprint: i.fingerprint }) });
    }
  }
  part(vscode.l10n.t('Images the engines hold'), held);
  part(
    vscode.l10n.t('Local images (imported into the engine first)'),
    (await listLocalImages(catalog))
      .filter((l) => l.state !== LocalState.NotDownloaded && l.localFilename)
      .map((l) => ({ label: l.name, description: [l.distribution, l.release, l.arch].filter(Boolean).join(' '), id: launchPanelId({ kind: 'localImage', localId: l.id }) })),
  );
  if (!items.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to launch yet: add a simplestreams server or download an image in Image Sources, or connect an engine that holds images.'));
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Image to launch'), matchOnDescription: true });
  return pick?.id;
}
