import * as vscode from 'vscode';
import { ArgumentError, asArgObject, asNode, pickRegistry, registryRefFrom, runCommand, stringField, type RegistryCommandContext, type CommandHandler } from './registryCommandContext';

/** `containerCatalog.registries.untrack` — a tracked repository node, `{ id|url, repository }`, or quick picks. */
export function untrackRepository(ctx: RegistryCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const o = node ? undefined : asArgObject(arg);
    return runCommand(ctx, 'Untrack repository', o !== undefined, async () => {
      const ref = registryRefFrom(arg) ?? (o ? undefined : await pickRegistry(ctx, 'Untrack a repository of'));
      if (!ref) {
        if (o) throw new ArgumentError('"id" or "url" of the registry is required.');
        return undefined;
      }
      const registry = await ctx.service.get(ref);
      let repository = node?.type === 'repository' ? node.name : stringField(o, 'repository', 256);
      if (!repository) {
        if (o) throw new ArgumentError('"repository" is required.');
        const tracked = await ctx.service.trackedRepositories(registry.id);
        if (!tracked.length) {
          void vscode.window.showInformationMessage(`${registry.name} has no tracked repositories.`);
          return undefined;
        }
        repository = await vscode.window.showQuickPick(tracked, { title: `Untrack a repository of ${registry.name}` });
        if (!repository) return undefined;
      }
      await ctx.service.untrack(registry.id, repository);
      return { id: registry.id, repository };
    });
  };
}
