import * as vscode from 'vscode';
import { ArgumentError } from '../../common/commandArgs';
import type { PullProgress } from '../../../containers/pullProgress';
import type { RegistryService } from '../../../registries/registryService';
import { formatSize } from '../../../shared/formatSize';

/** A Registries view tag node, as its menu passes it (another capability's node: only what is read here). */
export interface TagNodeArg {
  readonly type: 'tag';
  readonly registryId: string;
  readonly repository: string;
  readonly tag: string;
}

export function asTagNode(arg: unknown): TagNodeArg | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const o = arg as Partial<Record<keyof TagNodeArg | 'id', unknown>>;
  return o.type === 'tag' && typeof o.id === 'string' && typeof o.registryId === 'string' && typeof o.repository === 'string' && typeof o.tag === 'string'
    ? (arg as TagNodeArg)
    : undefined;
}

/** The registry tag a command is about, from an argument object or asked: a registry, then REPOSITORY:TAG. */
export async function pickTag(registries: RegistryService, command: string, a: { registry?: string; repository?: string; tag?: string } | undefined): Promise<{ registry: string; repository: string; tag: string } | undefined> {
  if (a) {
    if (!a.registry || !a.repository || !a.tag) throw new ArgumentError(`${command}: "registry", "repository" and "tag" are required.`);
    return { registry: a.registry, repository: a.repository, tag: a.tag };
  }
  const all = await registries.list();
  if (!all.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No registry is added yet. Add one in the Registries view first.'));
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    all.map((r) => ({ label: r.name, description: r.url, id: r.id })),
    { placeHolder: vscode.l10n.t('Registry to pull from') },
  );
  if (!pick) return undefined;
  const ref = await vscode.window.showInputBox({
    prompt: vscode.l10n.t('Repository and tag on {0}', pick.label),
    placeHolder: vscode.l10n.t('team/app:1.0'),
    ignoreFocusOut: true,
    validateInput: (v) => (/^[^:@\s]+[:@]\S+$/.test(v.trim()) ? undefined : vscode.l10n.t('Write REPOSITORY:TAG, e.g. team/app:1.0.')),
  });
  if (!ref) return undefined;
  const at = ref.trim().search(/[:@]/);
  return { registry: pick.id, repository: ref.trim().slice(0, at), tag: ref.trim().slice(at + 1) };
}

/** One line of pull progress for a notification: the layer, the engine's words, bytes when counted. */
export function describePull(p: PullProgress): string {
  const bytes = p.total ? ` ${formatSize(p.current ?? 0)} / ${formatSize(p.total)}` : '';
  return p.layer ? vscode.l10n.t('Layer {0}: {1}{2}', p.layer, p.status, bytes) : p.status;
}
