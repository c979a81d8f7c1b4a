import * as vscode from 'vscode';
import type { ExtensionDeps } from '../platform/extensionDeps';
import { ImageCommandIds } from '../platform/ids';
import type { ImageNode } from './imageTreeModel';
import { affectsServers, readImageSettings } from './imageSettings';

/** The Simplestreams type's node: refreshing it is what its inline action does, with progress and messages. */
export const SIMPLESTREAMS_TYPE_NODE: ImageNode = { type: 'sourceType', id: 'type:Incus', sourceType: 'Incus', count: 0, lastUpdate: null };

/** Reads the simplestreams servers now, as the user would with the type's refresh action. */
export const refreshSimplestreamsFromUi = (): Thenable<unknown> => vscode.commands.executeCommand(ImageCommandIds.refresh, SIMPLESTREAMS_TYPE_NODE);

/**
 * Follows `containerCatalog.imageSources.simplestreamsServers`. The catalog's own list (which the CLI
 * shares) is the truth, and the setting seeded it; an edit of the setting is applied to it: a server
 * taken out of the setting leaves the list and the view with its image sources (local images stay), a
 * server put in is added and read at once, so it shows without waiting for the next refresh.
 */
export function followServerSetting(deps: ExtensionDeps): vscode.Disposable {
  let known = readImageSettings().simplestreamsServers;
  return vscode.workspace.onDidChangeConfiguration(async (e) => {
    if (!affectsServers(e)) return;
    const next = readImageSettings().simplestreamsServers;
    const added = next.filter((s) => !known.includes(s));
    const removed = known.filter((s) => !next.includes(s));
    known = next;
    try {
      const catalog = await deps.catalog();
      const { addServer, normalizeServerUrl, readServerList, removeServer } = await import('../../images/serverList.js');
      const listed = await readServerList(catalog);
      for (const s of removed) {
        const url = normalizeServerUrl(s);
        if (!listed.includes(url) || next.some((n) => normalizeServerUrl(n) === url)) continue;
        const { removedRows } = await removeServer(catalog, url);
        deps.log.info(`simplestreams server removed from the setting: ${url} (${removedRows} image sources removed)`);
      }
      for (const s of added) await addServer(catalog, normalizeServerUrl(s), next);
    } catch (err) {
      deps.log.warn(`simplestreams setting: ${(err as Error).message}`);
      return;
    }
    if (added.length) await refreshSimplestreamsFromUi();
  });
}
