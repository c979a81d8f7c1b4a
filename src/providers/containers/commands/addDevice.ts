import * as vscode from 'vscode';
import { ArgumentError, isPlainObject, readArgs, requiredArg } from '../../common/commandArgs';
import { CommandIds } from '../../platform/ids';
import type { StringMap } from '../../../containers/lxdApi';
import { asNode, requiredName, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';

const ARGS = { engine: 'string', container: 'string', device: 'string' } as const;
const COMMAND = CommandIds.containersAddDevice;

/** `containerCatalog.containers.addDevice` — a container node or `{ engine, container, device, config }`; the settings need a `type`. */
export function addDevice(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    // readArgs has no kind for a string map: `config` is read here, the other keys by readArgs.
    const { config: givenConfig, ...rest } = !node && isPlainObject(arg) ? arg : { config: undefined };
    const a = node ? undefined : readArgs(COMMAND, isPlainObject(arg) ? rest : arg, ARGS);
    let config = stringMap(givenConfig);
    const ref = await ctx.container(node, a, vscode.l10n.t('Container to add a device to'));
    if (!ref) return false;
    const device = await ctx.text(requiredArg(a, 'device'), vscode.l10n.t('Device name (e.g. eth1, data)'), requiredName(vscode.l10n.t('device name')));
    if (!device) return false;
    if (!config) {
      if (a) throw new ArgumentError(`${COMMAND}: "config" (the device settings, at least type) is required.`);
      const line = await vscode.window.showInputBox({
        prompt: vscode.l10n.t('Device settings as key=value, space-separated (type is required)'),
        placeHolder: vscode.l10n.t('type=nic nictype=bridged parent=br0 name=eth1'),
        validateInput: (v) => (parseKeyValues(v)?.type ? undefined : vscode.l10n.t('Give at least type=… (nic, disk, proxy, …) as key=value pairs.')),
      });
      if (!line) return false;
      config = parseKeyValues(line)!;
    }
    const cfg = config;
    return ctx.runAction(vscode.l10n.t('Add device {0}', device), arg, async () => (await ctx.actions()).addDevice(ref.engine, ref.container, device, cfg));
  };
}

function stringMap(v: unknown): StringMap | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v) || Object.values(v).some((x) => typeof x !== 'string')) throw new ArgumentError(`${COMMAND}: "config" must be an object of strings.`);
  return { ...(v as StringMap) };
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
