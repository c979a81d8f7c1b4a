import type { CliCommand } from '../cliCommand';
import { orderTags } from '../../registries/tagOrder';
import { parseRegistryArgs } from './cliArgs';
import { cliClient } from './cliClient';
import { cliRegistryService } from './cliRegistryService';

export interface TagsResult {
  registry: string;
  repository: string;
  /** Newest version first; each digest from a manifest HEAD with the full Accept list. */
  tags: { tag: string; digest: string }[];
  complete: boolean;
}

/** `registries tags <url> <repository> [--user U --password-stdin] [--limit N]`: tags with their digests. */
export const registriesTagsCommand: CliCommand<TagsResult> = {
  name: 'registries tags',
  usage: '<url> <repo> [--user U --password-stdin] [--limit N]',
  summary: "a repository's tags with each tag's digest (also --page-size N, --insecure, --ca FILE)",
  async run(ctx, args) {
    const opts = parseRegistryArgs(args, ['user', 'passwordStdin', 'limit', 'pageSize', 'insecure', 'ca'], 2);
    const repository = opts.positionals[1];
    const service = cliRegistryService(() => ctx.openCatalog());
    const { client, url } = await cliClient(ctx, service, opts, opts.positionals[0]);
    try {
      const names: string[] = [];
      let complete = true;
      for await (const tag of client.tags(repository, { pageSize: opts.pageSize ?? 100 })) {
        if (opts.limit !== undefined && names.length >= opts.limit) {
          complete = false;
          break;
        }
        names.push(tag);
      }
      const tags = new Array<{ tag: string; digest: string }>(names.length);
      let next = 0;
      // A few HEAD requests at a time: quick, and gentle with the registry.
      const worker = async () => {
        while (next < names.length) {
          const i = next++;
          tags[i] = { tag: names[i], digest: await client.manifestDigest(repository, names[i]) };
        }
      };
      await Promise.all(Array.from({ length: Math.min(4, names.length) }, worker));
      return { registry: url, repository, tags: orderTags(tags), complete };
    } finally {
      client.close();
    }
  },
  text: (r) =>
    r.tags.length
      ? [...r.tags.map((t) => `${t.tag.padEnd(Math.max(...r.tags.map((x) => x.tag.length)))}  ${t.digest}`), ...(r.complete ? [] : ['… (more: raise --limit)'])].join('\n')
      : '(no tags)',
};
