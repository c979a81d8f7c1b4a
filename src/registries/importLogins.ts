import { scanAuthFiles, type HelperEntry, type SkippedEntry } from './authFileImport';
import { isRegistryError } from './registryError';
import type { RegistryService } from './registryService';

export interface ImportReport {
  readonly imported: { url: string; username: string; added: boolean; credentialsVerified: boolean }[];
  readonly failed: { url: string; username: string; reason: string }[];
  /** Entries kept by credential helpers: named so the user can log in by hand. */
  readonly helpers: HelperEntry[];
  readonly skipped: SkippedEntry[];
  readonly filesRead: string[];
}

/**
 * Imports inline logins from docker/podman auth files. Each login is verified against its registry
 * first, exactly like a manual login; a registry not yet in the catalog is added only when its login
 * works. The first file that names a registry wins (docker's config before containers' auth.json).
 */
export async function importLogins(service: RegistryService, files: readonly string[], signal?: AbortSignal): Promise<ImportReport> {
  const scan = await scanAuthFiles(files);
  const report: ImportReport = { imported: [], failed: [], helpers: scan.helpers, skipped: [...scan.skipped], filesRead: scan.filesRead };
  const seen = new Set<string>();
  for (const login of scan.logins) {
    if (seen.has(login.url)) {
      report.skipped.push({ registry: login.url, reason: 'already imported from an earlier file', file: login.file });
      continue;
    }
    seen.add(login.url);
    signal?.throwIfAborted();
    try {
      let registry = await service.find(login.url);
      let added = false;
      if (!registry) {
        const probe = service.browser.newClient({ url: login.url, insecure: false, caFile: null }, { username: login.username, password: login.secret });
        try {
          await probe.ping(signal);
        } finally {
          probe.close();
        }
        registry = await service.add({ url: login.url });
        added = true;
      }
      const result = await service.login(registry.id, login.username, login.secret, signal);
      report.imported.push({ url: login.url, username: login.username, added, credentialsVerified: result.credentialsVerified });
    } catch (e) {
      if (isRegistryError(e, 'cancelled')) throw e;
      report.failed.push({ url: login.url, username: login.username, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  return report;
}
