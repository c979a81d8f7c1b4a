import * as vscode from 'vscode';
import { CommandIds } from '../platform/ids';
import { loadContainer, loadProfiles } from '../../containers/catalogReads';
import type { CommandArg, ContainerCommandContext } from './containerCommandContext';
import { requiredName } from './containerCommandContext';
import type { StringMap } from '../../containers/lxdApi';
import { keyProblem } from '../../containers/objectRules';

type Args = Record<string, unknown> | undefined;

export function registerEditCommands(c: ContainerCommandContext): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(CommandIds.containersAddProfile, async (arg?: CommandArg) => {
      const ref = await c.container(arg, 'Container to add a profile to');
      if (!ref) return false;
      const catalog = await c.deps.catalog();
      let profile = (arg as Args)?.profile as string | undefined;
      if (!profile) {
        const have = (await catalog.read((em) => loadContainer(em, ref.engine.id, ref.container)))?.profiles ?? [];
        const all = (await catalog.read((em) => loadProfiles(em, ref.engine.id))).filter((p) => !have.includes(p.name));
        profile = (await vscode.window.showQuickPick(all.map((p) => ({ label: p.name, description: p.description })), { placeHolder: 'Profile to apply last' }))?.label;
        if (!profile) return false;
      }
      const p = profile;
      return (await c.run(`Add profile ${p}`, async () => (await (await c.actions()).addProfile(ref.engine, ref.container, p), true))) ?? false;
    }),
    vscode.commands.registerCommand(CommandIds.containersRemoveProfile, async (arg?: CommandArg) => {
      const ref = await c.container(arg, 'Container to remove a profile from');
      if (!ref) return false;
      let profile = (arg as Args)?.profile as string | undefined;
      if (!profile) {
        const catalog = await c.deps.catalog();
        const have = (await catalog.read((em) => loadContainer(em, ref.engine.id, ref.container)))?.profiles ?? [];
        profile = await vscode.window.showQuickPick(have, { placeHolder: 'Profile to remove' });
        if (!profile) return false;
      }
      const p = profile;
      return (await c.run(`Remove profile ${p}`, async () => (await (await c.actions()).removeProfile(ref.engine, ref.container, p), true))) ?? false;
    }),
    vscode.commands.registerCommand(CommandIds.containersSetConfig, async (arg?: CommandArg) => {
      const ref = await c.container(arg, 'Container to configure');
      if (!ref) return false;
      const key = await c.text(arg, 'key', 'Config key (e.g. limits.memory)', (v) => { const p = keyProblem(v); return p && `The key ${p}.`; });
      if (!key) return false;
      const value = await c.text(arg, 'value', `Value of ${key}`, undefined, (arg as Args)?.type === 'configKey' ? String((arg as Args)!.value) : '');
      if (value === undefined) return false;
      return (await c.run(`Set ${key}`, async () => (await (await c.actions()).setConfig(ref.engine, ref.container, key, value), true))) ?? false;
    }),
    vscode.commands.registerCommand(CommandIds.containersUnsetConfig, async (arg?: CommandArg) => {
      const ref = await c.container(arg, 'Container to configure');
      if (!ref) return false;
      let key = (arg as Args)?.key as string | undefined;
      if (!key) {
        const catalog = await c.deps.catalog();
        const own = Object.keys((await catalog.read((em) => loadContainer(em, ref.engine.id, ref.container)))?.config ?? {});
        key = await vscode.window.showQuickPick(own.filter((k) => !k.startsWith('volatile.')), { placeHolder: 'Key to unset' });
        if (!key) return false;
      }
      const k = key;
      return (await c.run(`Unset ${k}`, async () => (await (await c.actions()).unsetConfig(ref.engine, ref.container, k), true))) ?? false;
    }),
    vscode.commands.registerCommand(CommandIds.containersAddDevice, async (arg?: CommandArg) => {
      const ref = await c.container(arg, 'Container to add a device to');
      if (!ref) return false;
      const device = await c.text(arg, 'device', 'Device name (e.g. eth1, data)', requiredName('device name'));
      if (!device) return false;
      let config = (arg as Args)?.config as StringMap | undefined;
      if (!config) {
        const line = await vscode.window.showInputBox({
          prompt: 'Device settings as key=value, space-separated (type is required)',
          placeHolder: 'type=nic nictype=bridged parent=br0 name=eth1',
          validateInput: (v) => (parseKeyValues(v)?.type ? undefined : 'Give at least type=… (nic, disk, proxy, …) as key=value pairs.'),
        });
        if (!line) return false;
        config = parseKeyValues(line)!;
      }
      const cfg = config;
      return (await c.run(`Add device ${device}`, async () => (await (await c.actions()).addDevice(ref.engine, ref.container, device, cfg), true))) ?? false;
    }),
    vscode.commands.registerCommand(CommandIds.containersRemoveDevice, async (arg?: CommandArg) => {
      const ref = await c.container(arg, 'Container to remove a device from');
      if (!ref) return false;
      let device = ((arg as Args)?.device ?? ((arg as Args)?.type === 'device' ? (arg as Args)?.name : undefined)) as string | undefined;
      if (!device) {
        const catalog = await c.deps.catalog();
        const own = Object.keys((await catalog.read((em) => loadContainer(em, ref.engine.id, ref.container)))?.devices ?? {});
        device = await vscode.window.showQuickPick(own, { placeHolder: 'Device to remove (the container’s own devices)' });
        if (!device) return false;
      }
      const d = device;
      return (await c.run(`Remove device ${d}`, async () => (await (await c.actions()).removeDevice(ref.engine, ref.container, d), true))) ?? false;
    }),
  );
}

/** "a=b c=d" → {a: 'b', c: 'd'}; undefined when a word is not key=value. */
export function parseKeyValues(line: string): StringMap | undefined {
  const out: StringMap = {};
  for (const word of line.trim().split(/\s+/).filter(Boolean)) {
    const eq = word.indexOf('=');
    if (eq <= 0) return undefined;
    out[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return out;
}
