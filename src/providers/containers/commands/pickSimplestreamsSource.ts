import * as vscode from 'vscode';
import { ImageType } from '../../../images/imageKinds';
import { listImageSources } from '../../../images/listImageSources';
import type { Catalog } from '../../../store/catalog';

/** An image of a simplestreams server, picked from the catalog's rows (the palette's Launch on LXD… and Launch…); undefined when cancelled or there is none. */
export async function pickSimplestreamsSource(catalog: Catalog, placeHolder: string): Promise<string | undefined> {
  const rows = await listImageSources(catalog, { type: ImageType.Incus });
  if (!rows.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No simplestreams image source in the catalog yet. Add a server in the Image Sources view and refresh.'));
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    rows.map((r) => ({ label: r.name ?? r.distribution, description: r.tags, id: r.id })),
    { placeHolder, matchOnDescription: true },
  );
  return pick?.id;
}
