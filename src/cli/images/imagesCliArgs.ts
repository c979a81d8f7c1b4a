import { resolve } from 'node:path';
import { imagesFolderFor } from '../../images/imagesFolder';
import type { CliContext } from '../cliCommand';
import { CliUsageError } from '../cliCommand';
import { parseCliArgs } from '../parseCliArgs';

// `cli.js images …`: the image commands of the extension, headless, on the same catalog.
// The simplestreams server list is the catalog's (ImageSourceCache, type Incus), shared with the
// extension. The CLI never adds the default server (images.linuxcontainers.org) by itself: on a
// catalog without a list, add servers with `images add-simplestreams`.
// The CLI has no access to the VS Code keychain: registry images are checked anonymously.

/**
 * `<what> [--dir D]`, the shape of the images commands that act on one thing with files: the one
 * argument (the usage error names what is missing), and the images folder (by default the one beside
 * the catalog, which the extension uses too).
 */
export function parseOneWithDir(ctx: CliContext, args: string[], what: string): { value: string; dir: string } {
  const parsed = parseCliArgs(args, { dir: { type: 'string' } }, [0, Infinity]);
  if (parsed.positionals.length !== 1) throw new CliUsageError(`expected exactly one ${what}`);
  return { value: parsed.positionals[0], dir: resolve(parsed.values.dir ?? imagesFolderFor(ctx.catalogFile)) };
}
