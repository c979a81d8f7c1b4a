import { dirname, join } from 'node:path';
import type { CliCommand } from '../cliCommand';
import { getEngine } from '../../containers/engineRegistry';
import { defaultImportName, importLocalImage, type ImportLocalResult } from '../../containers/importLocalImage';
import { readLocalImage } from '../../images/readLocalImage';
import { parseCliArgs } from '../parseCliArgs';

/** `images import-to <engine> <local-image-id> [--name N]`: a downloaded local image into LXD (alias) or Podman/Docker (repo:tag). */
export const imagesImportToEngineCommand: CliCommand<ImportLocalResult> = {
  name: 'images import-to',
  summary: 'import a downloaded local image into an engine (LXD: an image with an alias; Podman/Docker: repo:tag)',
  usage: '<engine> <local-image-id> [--name ALIAS|REPO:TAG]',
  async run(ctx, args) {
    const { positionals, values } = parseCliArgs(args, { name: { type: 'string' } }, 2);
    const catalog = await ctx.openCatalog();
    const engine = await getEngine(catalog, positionals[0]);
    const row = await readLocalImage(catalog, positionals[1]);
    if (!row) throw new Error(`No local image ${positionals[1]} in the catalog (see: images local).`);
    const name = values.name ?? (engine.kind === 'catalog' ? '' : defaultImportName(engine.kind, row));
    return importLocalImage(catalog, engine, { certDir: join(dirname(ctx.catalogFile), 'servercerts') }, row.id, name);
  },
  text: (r) => `imported into ${r.engine} as ${r.name} (${r.id.replace(/^sha256:/, '').slice(0, 12)}${r.existed ? ', already held' : ''})`,
};
