import type { CliContext } from '../cliCommand';
import { pullSourceFor, splitImageReference, type PullSource } from '../../containers/registryPull';
import { normalizeRegistryUrl } from '../../registries/registryUrl';
import type { Catalog } from '../../store/catalog';
import { passwordFromStdin } from '../registries/cliArgs';
import { cliRegistryService } from '../registries/cliRegistryService';

/**
 * The pull source of `host/repo:tag` for a CLI call: the registry's row in the catalog (when there is one)
 * says whether it is plain http; the login, if any, comes from --user and stdin for this call only.
 */
export async function cliPullSource(ctx: CliContext, catalog: Catalog, reference: string, user: string | undefined): Promise<PullSource> {
  const ref = splitImageReference(reference);
  const host = normalizeRegistryUrl(ref.host);
  const service = cliRegistryService(async () => catalog);
  const row = (await service.find(host.key)) ?? (await service.find(`${host.scheme === 'http' ? 'https' : 'http'}://${host.referenceHost}`));
  const credentials = user ? { username: user, password: passwordFromStdin(await ctx.readStdin()) } : undefined;
  return pullSourceFor(row ?? { name: host.referenceHost, url: host.key, insecure: false }, ref.repository, ref.tag, credentials);
}
