import * as vscode from 'vscode';
import { CommandIds } from '../platform/ids';
import { loadContainer, loadProfiles } from '../../containers/catalogReads';
import type { CommandArg, ContainerCommandContext } from './containerCommandContext';
import { requiredName } from './containerCommandContext';
import type { LifecycleAction } from '../../containers/containerActions';

export function registerLifecycleCommands(c: ContainerCommandContext): vscode.Disposable {
  const lifecycle = (action: LifecycleAction, force: boolean) => async (arg?: CommandArg) => {
    const ref = await c.container(arg, `Container to ${action}`);
    if (!ref) return false;
    const verb = force ? 'Force stop' : action[0].toUpperCase() + action.slice(1);
    return (await c.run(`${verb} ${ref.container}`, async () => (await (await c.actions()).lifecycle(ref.engine, ref.container, action, force), true))) ?? false;
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(CommandIds.containersStart, lifecycle('start', false)),
    vscode.commands.registerCommand(CommandIds.containersStop, lifecycle('stop', false)),
    vscode.commands.registerCommand(CommandIds.containersForceStop, lifecycle('stop', true)),
    vscode.commands.registerCommand(CommandIds.containersRestart, lifecycle('restart', false)),
    vscode.commands.registerCommand(CommandIds.containersDelete, async (arg?: CommandArg) => {
      const ref = await c.container(arg, 'Container to delete');
      if (!ref) return false;
      if ((arg as Record<string, unknown> | undefined)?.confirmed !== true) {
        const ok = await vscode.window.showWarningMessage(
          `Delete ${ref.container} on ${ref.engine.name}? The container and its snapshots are destroyed on the engine.`,
          { modal: true },
          'Delete',
        );
        if (ok !== 'Delete') return false;
      }
      return (await c.run(`Delete ${ref.container}`, async () => (await (await c.actions()).delete(ref.engine, ref.container), true))) ?? false;
    }),
    vscode.commands.registerCommand(CommandIds.containersCreate, async (arg?: CommandArg) => {
      const engine = await c.engine(arg, { placeHolder: 'Engine to create the container on' });
      if (!engine) return false;
      const name = await c.text(arg, 'name', 'Name of the new container', requiredName('container name'));
      if (!name) return false;
      const catalog = await c.deps.catalog();
      let image = await c.text(arg, 'image', 'Image', (v) => (v.trim() ? undefined : 'Enter an image.'));
      if (!image) return false;
      let profiles = (arg as Record<string, unknown> | undefined)?.profiles as string[] | undefined;
      if (!profiles && engine.kind === 'lxd') {
        const all = await catalog.read((em) => loadProfiles(em, engine.id));
        const picked = await vscode.window.showQuickPick(
          all.map((p) => ({ label: p.name, description: p.description, picked: p.name === 'default' })),
          { canPickMany: true, placeHolder: 'Profiles (applied in the order shown)' },
        );
        if (!picked) return false;
        profiles = picked.map((p) => p.label);
      }
      image = image.trim();
      return (await c.run(`Create ${name}`, async () => (await (await c.actions()).create(engine, { name, image: image!, profiles }), true))) ?? false;
    }),
    vscode.commands.registerCommand(CommandIds.snapshotsCreate, async (arg?: CommandArg) => {
      const ref = await c.container(arg, 'Container to snapshot');
      if (!ref) return false;
      const snap = await c.text(arg, 'snapshot', 'Snapshot name', requiredName('snapshot name'), `snap-${new Date().toISOString().slice(0, 10)}`);
      if (!snap) return false;
      return (await c.run(`Snapshot ${ref.container}`, async () => (await (await c.actions()).createSnapshot(ref.engine, ref.container, snap), true))) ?? false;
    }),
    vscode.commands.registerCommand(CommandIds.snapshotsRestore, (arg?: CommandArg) => snapshotAction(c, arg, 'restore')),
    vscode.commands.registerCommand(CommandIds.snapshotsDelete, (arg?: CommandArg) => snapshotAction(c, arg, 'delete')),
  );
}

async function snapshotAction(c: ContainerCommandContext, arg: CommandArg, what: 'restore' | 'delete'): Promise<boolean> {
  const ref = await c.container(arg, `Container whose snapshot to ${what}`);
  if (!ref) return false;
  let snap = (arg as Record<string, unknown> | undefined)?.snapshot as string | undefined;
  if (!snap) {
    const catalog = await c.deps.catalog();
    const row = await catalog.read((em) => loadContainer(em, ref.engine.id, ref.container));
    snap = await vscode.window.showQuickPick(row?.snapshots ?? [], { placeHolder: `Snapshot to ${what}` });
    if (!snap) return false;
  }
  if ((arg as Record<string, unknown> | undefined)?.confirmed !== true) {
    const verb = what === 'restore' ? 'Restore' : 'Delete';
    const ok = await vscode.window.showWarningMessage(
      what === 'restore' ? `Restore ${ref.container} to snapshot ${snap}? Changes since then are lost.` : `Delete snapshot ${snap} of ${ref.container}?`,
      { modal: true },
      verb,
    );
    if (ok !== verb) return false;
  }
  const s = snap;
  return (
    (await c.run(`${what === 'restore' ? 'Restore' : 'Delete'} snapshot ${s}`, async () => {
      const a = await c.actions();
      if (what === 'restore') await a.restoreSnapshot(ref.engine, ref.container, s);
      else await a.deleteSnapshot(ref.engine, ref.container, s);
      return true;
    })) ?? false
  );
}
