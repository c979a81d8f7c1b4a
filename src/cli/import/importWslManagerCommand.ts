import { resolve } from 'node:path';
import { imagesFolderFor } from '../../images/imagesFolder';
import { importWslManager, type WslManagerImport } from '../../images/importWslManager';
import type { CliCommand } from '../cliCommand';
import { parseCliArgs } from '../parseCliArgs';

/** `import wsl-manager <file> [--dry-run] [--dir D]`: Wsl-Manager's images.db, once per file content. */
export const importWslManagerCommand: CliCommand<WslManagerImport> = {
  name: 'import wsl-manager',
  summary: 'import the image sources, local images (files verified by digest) and cache rows of a Wsl-Manager images.db (once per file; --dry-run says what would change)',
  usage: '<file> [--dry-run] [--dir D]',
  async run(ctx, args) {
    const { positionals: [file], values } = parseCliArgs(args, { 'dry-run': { type: 'boolean' }, dir: { type: 'string' } }, 1);
    const dir = resolve(values.dir ?? imagesFolderFor(ctx.catalogFile));
    return importWslManager(await ctx.openCatalog(), dir, file, { dryRun: values['dry-run'] === true });
  },
  text(r) {
    if (r.alreadyImported) return `${r.file} was imported before (same content); nothing to do`;
    const n = (k: number, one: string, many: string): string => `${k} ${k === 1 ? one : many}`;
    const line = (sign: string, i: { name: string; note?: string }): string => `  ${sign} ${i.name}${i.note ? `: ${i.note}` : ''}`;
    return [
      `${r.dryRun ? 'dry run: ' : ''}${r.file} (Wsl-Manager schema ${r.userVersion}): ${r.dryRun ? 'would add' : 'added'} ` +
        `${n(r.sources.added.length, 'image source', 'image sources')}, ${n(r.localImages.added.length, 'local image', 'local images')} ` +
        `(${n(r.files.length, 'file', 'files')} verified by digest), ${n(r.caches.added.length, 'cache row', 'cache rows')}`,
      ...r.sources.added.map((i) => line('+ source', i)),
      ...r.sources.existing.map((i) => line('= source', i)),
      ...r.sources.skipped.map((i) => line('!', i)),
      ...r.localImages.added.map((i) => line('+ local', i)),
      ...r.localImages.existing.map((i) => line('= local', i)),
      ...r.localImages.skipped.map((i) => line('!', i)),
      ...r.legacyImages.map((i) => line('+ legacy', i)),
      ...r.caches.skipped.map((i) => line('! cache', i)),
      ...r.files.map((f) => `  ${r.dryRun ? 'would copy' : 'copied'} ${f.from} → ${f.fileName}`),
    ].join('\n');
  },
};
