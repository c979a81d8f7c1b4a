import { CliUsageError, type CliContext } from '../cliCommand';
import type { RegistryClient } from '../../registries/registryClient';
import type { RegistryService } from '../../registries/registryService';
import { normalizeRegistryUrl } from '../../registries/registryUrl';
import { passwordFromStdin, type RegistryCliOptions } from './cliArgs';

/**
 * A client for one CLI call: the registry's TLS settings from the catalog when it is there (else the
 * options), and the credentials from --user/--password-stdin for this call only.
 */
export async function cliClient(ctx: CliContext, service: RegistryService, opts: RegistryCliOptions, url: string): Promise<{ client: RegistryClient; url: string; tracked: string[] }> {
  const endpoint = normalizeRegistryUrl(url);
  if (endpoint.credentialsDropped) {
    throw new CliUsageError(`give the registry address without a user name and password (${endpoint.key}) and the login as --user U --password-stdin: a password on the command line is visible to every user of this machine`);
  }
  const key = endpoint.key;
  const known = await service.find(key);
  const credentials = opts.user ? { username: opts.user, password: passwordFromStdin(await ctx.readStdin()) } : undefined;
  const client = service.browser.newClient(
    { url: key, insecure: opts.insecure ?? known?.insecure ?? false, caFile: opts.ca ?? known?.caFile ?? null },
    credentials,
  );
  return { client, url: key, tracked: known ? await service.browser.trackedRepositories(known.id) : [] };
}
