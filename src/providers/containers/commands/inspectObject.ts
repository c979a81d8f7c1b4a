import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { openEngine } from '../../../containers/engineConnection';
import { getEngine } from '../../../containers/engineRegistry';
import { inspectObject as inspect } from '../../../containers/inspectObject';
import type { Inspected, InspectKind } from '../../../containers/inspectObject';
import type { ContainerTreeNode } from '../containerTreeNodes';
import { InspectDocuments } from '../inspectDocuments';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';

const ARGS = { engine: 'string', kind: 'string', name: 'string' } as const;
const KINDS: readonly InspectKind[] = ['container', 'image', 'network', 'volume'];

/** What the engine calls the object a node shows (an LXD volume is `<pool>/<volume>`). */
function target(node: ContainerTreeNode, lxd: boolean): { engine: string; kind: InspectKind; name: string } | undefined {
  switch (node.type) {
    case 'container':
      return { engine: node.engine, kind: 'container', name: node.name };
    case 'network':
      return { engine: node.engine, kind: 'network', name: node.name };
    case 'image':
      return { engine: node.engine, kind: 'image', name: node.fingerprint };
    case 'volume':
      return { engine: node.engine, kind: 'volume', name: lxd ? `${node.pool}/${node.name}` : node.name };
    default:
      return undefined;
  }
}

/** Fetches an object's description from its engine, for the inspect documents. */
export function inspectFetcher(ctx: ContainerCommandContext): (engine: string, kind: InspectKind, name: string) => Promise<Inspected> {
  return async (engineName, kind, name) => {
    const conn = await openEngine(await getEngine(await ctx.catalog(), engineName), ctx.engineCtx);
    try {
      return await inspect(conn, kind, name);
    } finally {
      conn.close();
    }
  };
}

/**
 * `containerCatalog.containers.inspect` — a container, image, network or volume node, `{ engine, kind, name }`,
 * or a container picked: the engine's own description (JSON; YAML for LXD) in a read-only document, fetched
 * again each time the command runs. Resolves with the document's text.
 */
export function inspectObject(ctx: ContainerCommandContext, docs: InspectDocuments): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.containersInspect, arg, ARGS);
    return runCommand(ctx.commandRun(vscode.l10n.t('Inspect'), a !== undefined), async () => {
      const lxd = node && 'engine' in node && typeof node.engine === 'string' && (await getEngine(await ctx.catalog(), node.engine)).kind === 'lxd';
      let t = node ? target(node, lxd === true) : undefined;
      if (node && !t) throw new Error(vscode.l10n.t('Only containers, images, networks and volumes can be inspected.'));
      if (!t && a?.kind !== undefined) {
        if (!KINDS.includes(a.kind as InspectKind)) throw new Error(vscode.l10n.t('"kind" must be one of {0}, not "{1}".', KINDS.join(', '), a.kind));
        if (a.engine === undefined || a.name === undefined) throw new Error(vscode.l10n.t('Inspect needs "engine" and "name" with "kind".'));
        t = { engine: a.engine, kind: a.kind as InspectKind, name: a.name };
      }
      if (!t && a) {
        // Called by code without "kind": a container, named, never picked.
        const name = requiredArg(a, 'name', ' (the container, without "kind")')!;
        const engine = a.engine ?? (await ctx.engineOfArgs(CommandIds.containersInspect, undefined, ['lxd', 'podman', 'docker'])).name;
        t = { engine, kind: 'container', name };
      }
      if (!t) {
        const ref = await ctx.container(undefined, undefined, vscode.l10n.t('Container to inspect'));
        if (!ref) return undefined;
        t = { engine: ref.engine.name, kind: 'container', name: ref.container };
      }
      // Fetched here first, so a failure is an error message, not a document about it.
      const shown = await inspectFetcher(ctx)(t.engine, t.kind, t.name);
      const uri = InspectDocuments.uri(t.engine, t.kind, t.name, shown.language);
      docs.refresh(uri);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.languages.setTextDocumentLanguage(doc, shown.language);
      await vscode.window.showTextDocument(doc, { preview: true });
      return shown.text;
    });
  };
}
