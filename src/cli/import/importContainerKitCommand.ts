import { importContainerKit, type ContainerKitImport } from '../../registries/importContainerKit';
import type { CliCommand } from '../cliCommand';
import { parseCliArgs } from '../parseCliArgs';

/** `import container-kit <file> [--dry-run]`: Container Kit's registries, once per file content. */
export const importContainerKitCommand: CliCommand<ContainerKitImport> = {
  name: 'import container-kit',
  summary: 'import the registries of a Container Kit local.db (once per file; --dry-run says what would change)',
  usage: '<file> [--dry-run]',
  async run(ctx, args) {
    const { positionals: [file], values } = parseCliArgs(args, { 'dry-run': { type: 'boolean' } }, 1);
    return importContainerKit(await ctx.openCatalog(), file, { dryRun: values['dry-run'] === true });
  },
  text(r) {
    if (r.alreadyImported) return `${r.file} was imported before (same content); nothing to do`;
    const verb = r.dryRun ? 'would add' : 'added';
    return [
      `${r.dryRun ? 'dry run: ' : ''}${r.file}: ${verb} ${r.added.length} registr${r.added.length === 1 ? 'y' : 'ies'}` +
        `, ${r.existing.length} already in the catalog, ${r.skipped.length} skipped`,
      ...r.added.map((a) => `  + ${a.name} (${a.url})${a.loginNeeded ? ' — login needed' : ''}${a.newId ? ' — new id' : ''}`),
      ...r.existing.map((e) => `  = ${e.name} (${e.url}) is "${e.catalogName}" in the catalog`),
      ...r.skipped.map((s) => `  ! ${s.name} (${s.url}): ${s.reason}`),
    ].join('\n');
  },
};
