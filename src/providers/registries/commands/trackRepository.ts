import * as vscode from 'vscode';
import { validateRepositoryName } from '../../../registries/repositoryName';
import { ArgumentError } from '../../common/commandArgs';
import { type CommandHandler } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { pickRegistry, registryRefFrom, registryArgs, runRegistryCommand, type RegistryCommandContext } from './registryCommandContext';

/**
 * `containerCatalog.registries.track` — `{ id|url, repository }`, or an input box. For registries that
 * refuse to list repositories (Docker Hub, GHCR, Harbor…): the repository is kept in the catalog and browsed.
 */
export function trackRepository(ctx: RegistryCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const o = registryArgs(CommandIds.registriesTrack, arg, { repository: { kind: 'string', max: 256 } });
    return runRegistryCommand(ctx, vscode.l10n.t('Track repository'), o !== undefined, async () => {
      const given = o?.repository;
      if (o && !given) throw new ArgumentError('"repository" is required, e.g. { id, repository: "team/app" }.');
      const ref = registryRefFrom(arg, o) ?? (o ? undefined : await pickRegistry(ctx, vscode.l10n.t('Track a repository on')));
      if (!ref) {
        if (o) throw new ArgumentError('"id" or "url" of the registry is required.');
        return undefined;
      }
      const registry = await ctx.service.get(ref);
      const repository =
        given ??
        (await vscode.window.showInputBox({
          title: vscode.l10n.t('Track a repository on {0}', registry.name),
          prompt: registry.url === 'docker.io' ? vscode.l10n.t('Repository, e.g. library/nginx or myuser/myapp') : vscode.l10n.t('Repository, e.g. team/app'),
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() ? validateRepositoryName(v.trim().replace(/^docker\.io\//, '')) : undefined),
        }));
      if (!repository?.trim()) return undefined;
      const row = await ctx.service.browser.track(registry.id, repository);
      ctx.log.info(`registry ${registry.url}: tracking ${row.name}`);
      return { id: registry.id, repository: row.name };
    });
  };
}
