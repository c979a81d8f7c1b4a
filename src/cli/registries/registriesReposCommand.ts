import type { CliCommand } from '../cliCommand';
import { isRegistryError } from '../../registries/registryError';
import { parseRegistryArgs } from './cliArgs';
import { cliClient } from './cliClient';
import { cliRegistryService } from './cliRegistryService';

export interface ReposResult {
  registry: string;
  repositories: string[];
  /** False when --limit stopped the listing before its end. */
  complete: boolean;
}

/**
 * `registries repos <url> [--user U --password-stdin] [--limit N] [--page-size N] [--insecure] [--ca FILE]`:
 * `_catalog` page by page (Link rel="next"). A registry that refuses to list says so and names the
 * repositories tracked for it in the catalog.
 */
export const registriesReposCommand: CliCommand<ReposResult> = {
  name: 'registries repos',
  usage: '<url> [--user U --password-stdin] [--limit N]',
  summary: 'repositories of a registry, paged (also --page-size N, --insecure, --ca FILE); the password is for this call only',
  async run(ctx, args) {
    const opts = parseRegistryArgs(args, ['user', 'passwordStdin', 'limit', 'pageSize', 'insecure', 'ca'], 1);
    const service = cliRegistryService(() => ctx.openCatalog());
    const { client, url, tracked } = await cliClient(ctx, service, opts, opts.positionals[0]);
    const repositories: string[] = [];
    let complete = true;
    try {
      for await (const repo of client.repositories({ pageSize: opts.pageSize ?? 100 })) {
        if (opts.limit !== undefined && repositories.length >= opts.limit) {
          complete = false;
          break;
        }
        repositories.push(repo);
      }
    } catch (e) {
      if (isRegistryError(e, 'catalogNotAllowed') && tracked.length) {
        throw new Error(`${e.message} Tracked in the catalog: ${tracked.join(', ')}.`, { cause: e });
      }
      throw e;
    } finally {
      client.close();
    }
    return { registry: url, repositories, complete };
  },
  text: (r) => [...r.repositories, ...(r.complete ? [] : ['… (more: raise --limit)'])].join('\n') || '(no repositories)',
};
