import * as vscode from 'vscode';
import { DEFAULT_SIMPLESTREAMS_SERVERS } from '../../images/imageKinds';

const SECTION = 'containerCatalog.imageSources';

/** The extension's image settings (the CLI uses defaults and the catalog's stored lists instead). */
export interface ImageSettings {
  /** Seeds the catalog's server list the first time; see serverList.ts. */
  simplestreamsServers: string[];
  ttlSeconds: number;
  builtinCatalogUrl: string | null;
}

export function readImageSettings(): ImageSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const servers = c.get<unknown>('simplestreamsServers');
  const ttlHours = c.get<number>('ttlHours', 24);
  const url = c.get<string>('builtinCatalogUrl', '').trim();
  return {
    simplestreamsServers: Array.isArray(servers) ? servers.filter((s): s is string => typeof s === 'string') : DEFAULT_SIMPLESTREAMS_SERVERS,
    ttlSeconds: Number.isFinite(ttlHours) && ttlHours >= 0 ? ttlHours * 3600 : 24 * 3600,
    builtinCatalogUrl: url || null,
  };
}

export const affectsServers = (e: vscode.ConfigurationChangeEvent): boolean => e.affectsConfiguration(`${SECTION}.simplestreamsServers`);
