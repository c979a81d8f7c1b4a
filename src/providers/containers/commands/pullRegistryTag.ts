import * as vscode from 'vscode';
import { readArgs } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { pullToEngine } from '../../../containers/engineImages';
import { isEngineError } from '../../../containers/engineError';
import { pullSourceFor } from '../../../containers/registryPull';
import { credentialsFromSecrets } from '../../../images/registryCredentials';
import { isRegistryError } from '../../../registries/registryError';
import { RegistryService } from '../../../registries/registryService';
import type { CommandHandler, ContainerCommandContext } from './containerCommandContext';
import { asTagNode, describePull, pickTag } from './registryTagArg';

const ARGS = { engine: 'string', registry: 'string', repository: { kind: 'string', max: 256 }, tag: { kind: 'string', max: 160 } } as const;

/**
 * `containerCatalog.engineImages.pull` — "Pull to Engine…" on a Registries tag node, the palette, or
 * `{ engine, registry, repository, tag }`: pulls the tag into a Podman/Docker engine with the registry's
 * saved login, progress per layer with Cancel, without running anything.
 */
export function pullRegistryTag(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asTagNode(arg);
    const a = node ? undefined : readArgs(CommandIds.engineImagesPull, arg, ARGS);
    const registries = new RegistryService({ catalog: () => ctx.catalog(), secrets: ctx.deps.secrets, log: ctx.deps.log });
    try {
      const target = node ? { registry: node.registryId, repository: node.repository, tag: node.tag } : await pickTag(registries, CommandIds.engineImagesPull, a);
      if (!target) return undefined;
      const engine = await ctx.engine(a?.engine, { kinds: ['podman', 'docker'], placeHolder: vscode.l10n.t('Engine to pull {0}:{1} into', target.repository, target.tag), args: a });
      if (!engine) return undefined;
      const row = await registries.get(target.registry);
      const source = pullSourceFor(row, target.repository, target.tag, await credentialsFromSecrets(ctx.deps.secrets)(row));
      const catalog = await ctx.catalog();
      const run = {
        ...ctx.commandRun(vscode.l10n.t('Pull {0} into {1}', source.reference, engine.name), a !== undefined, { progress: true, cancelled: (e: unknown) => isEngineError(e, 'cancelled') }),
        expected: (e: unknown) => isEngineError(e, 'api') || isRegistryError(e),
      };
      return await runCommand(run, ({ signal, report }) => pullToEngine(catalog, engine, ctx.engineCtx, source, { signal, onProgress: (p) => report(describePull(p)) }));
    } finally {
      registries.dispose();
    }
  };
}
