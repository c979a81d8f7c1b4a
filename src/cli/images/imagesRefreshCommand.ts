import { refreshAllImageSources, type TypeRefresh } from '../../images/refreshAll';
import type { CliCommand } from '../cliCommand';
import { CliUsageError } from '../cliCommand';
import { parseCliArgs } from '../parseCliArgs';
import { withInterrupt } from './withInterrupt';

/**
 * `images refresh [--force] [--ttl-hours N]`: every type. A type that failed, or a server or catalog URL that
 * could not be read, makes the command fail (exit 1) naming it; what could be read is written all the same.
 */
export const imagesRefreshCommand: CliCommand<TypeRefresh[]> = {
  name: 'images refresh',
  summary: 'refresh image sources (builtin, simplestreams, URLs): TTL 24 h unless --force, ETag/304, one transaction per type',
  usage: '[--force] [--ttl-hours N]',
  async run(ctx, args) {
    const { values } = parseCliArgs(args, { force: { type: 'boolean' }, 'ttl-hours': { type: 'string' } }, 0);
    const ttl = values['ttl-hours'] !== undefined ? Number(values['ttl-hours']) : 24;
    if (!Number.isFinite(ttl) || ttl < 0) throw new CliUsageError('--ttl-hours must be a number ≥ 0');
    const catalog = await ctx.openCatalog();
    const results = await withInterrupt((signal) => refreshAllImageSources(catalog, {
      force: values.force === true, ttlSeconds: ttl * 3600, signal, seedServers: [],
    }));
    const failed = results.filter((r) => r.status === 'failed' || ('failedScopes' in r && r.failedScopes?.length));
    if (failed.length) {
      throw new Error(results.map((r) => `${r.type}: ${r.status}${'error' in r ? ` (${r.error})` : ''}${notRead(r)}`).join('; '));
    }
    return results;
  },
  text: (rs) => rs.map((r) => ('upserted' in r
    ? [`${r.type}: ${r.status} (${r.upserted} upserted, ${r.purged} purged, ${r.outdated} now outdated)`, ...(r.skipped ?? []).map((s) => `  skipped ${s}`)].join('\n')
    : `${r.type}: ${r.status}`)).join('\n'),
};

function notRead(r: TypeRefresh): string {
  const scopes = 'failedScopes' in r ? r.failedScopes ?? [] : [];
  return scopes.map((f) => `, not read: ${f.scope} (${f.error})`).join('');
}
