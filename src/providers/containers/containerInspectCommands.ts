import { readFile, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { CommandIds } from '../platform/ids';
import { loadContainer, loadProfiles } from '../../containers/catalogReads';
import type { CommandArg, ContainerCommandContext } from './containerCommandContext';
import { effectiveConfig } from '../../containers/effectiveConfig';
import { effectiveConfigYaml } from '../../containers/effectiveConfigYaml';
import type { EngineRecord } from '../../containers/engineRecord';
import { getEngine, listEngines } from '../../containers/engineRegistry';
import { containersUsingImage, containersUsingNetwork, containersUsingProfile, containersUsingVolume } from '../../containers/usedBy';
import type { ContainerRef } from '../../containers/usedBy';
import { applyContainerToEngine, applyProfileToEngine, exportContainer, exportProfile, importContainer, importProfile } from '../../containers/yamlTransfer';
import { LOCAL_CATALOG_ENGINE_NAME } from '../../entities/Engine';
import { requiredName } from './containerCommandContext';

type Args = Record<string, unknown> | undefined;
export type UsageKind = 'network' | 'profile' | 'volume' | 'image';

export function registerInspectCommands(c: ContainerCommandContext): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(CommandIds.containersShowEffectiveConfig, async (arg?: CommandArg) => {
      const ref = await c.container(arg, 'Container');
      if (!ref) return undefined;
      return c.guard('Show effective config', async () => {
        const text = await effectiveText(c, ref.engine, ref.container);
        if ((arg as Args)?.show !== false) await openText(text, 'yaml');
        return text;
      });
    }),
    vscode.commands.registerCommand(CommandIds.containersFindUsing, (arg?: CommandArg) => c.guard('Find containers', () => findUsing(c, arg))),
    vscode.commands.registerCommand(CommandIds.containersExportYaml, async (arg?: CommandArg) => {
      const ref = await c.container(arg, 'Container to export');
      if (!ref) return undefined;
      return c.guard('Export container YAML', async () => output(arg, await exportContainer(await c.deps.catalog(), ref.engine, ref.container)));
    }),
    vscode.commands.registerCommand(CommandIds.profilesExportYaml, async (arg?: CommandArg) => {
      const p = await pickProfile(c, arg, 'Profile to export');
      if (!p) return undefined;
      return c.guard('Export profile YAML', async () => output(arg, await exportProfile(await c.deps.catalog(), p.engine, p.profile)));
    }),
    vscode.commands.registerCommand(CommandIds.profilesImportYaml, (arg?: CommandArg) => c.guard('Import profile YAML', () => importYaml(c, arg))),
    vscode.commands.registerCommand(CommandIds.containersImportYaml, (arg?: CommandArg) => c.guard('Import container YAML', () => importContainerYaml(c, arg))),
    vscode.commands.registerCommand(CommandIds.containersApplyToEngine, async (arg?: CommandArg) => {
      const a = (arg ?? {}) as Record<string, unknown>;
      const catalog = await c.deps.catalog();
      const from = typeof a.engine === 'string' ? await getEngine(catalog, a.engine) : (await listEngines(catalog)).find((e) => e.name === LOCAL_CATALOG_ENGINE_NAME);
      if (!from) return undefined;
      const name = (a.type === 'container' ? a.name : a.container) as string | undefined ?? (await c.container({ engine: from.name } as CommandArg, 'Draft to create'))?.container;
      if (!name) return undefined;
      const target = await c.engine(typeof a.target === 'string' ? { engine: a.target } : undefined, { kinds: ['lxd'], placeHolder: 'LXD engine to create it on' });
      if (!target) return undefined;
      const image = typeof a.image === 'string' ? a.image : undefined;
      return c.run(`Create ${name} on ${target.name}`, () => applyContainerToEngine(catalog, from, name, target, c.engineCtx, { image }));
    }),
    vscode.commands.registerCommand(CommandIds.profilesApplyToEngine, async (arg?: CommandArg) => {
      const p = await pickProfile(c, arg, 'Profile to apply', true);
      if (!p) return false;
      const target = await c.engine(typeof (arg as Args)?.target === 'string' ? { engine: (arg as Args)!.target } : undefined, {
        kinds: ['lxd'],
        placeHolder: 'LXD engine to apply it to',
      });
      if (!target) return false;
      return (await c.run(`Apply ${p.profile} to ${target.name}`, async () => (await applyProfileToEngine(await c.deps.catalog(), p.engine, p.profile, target, c.engineCtx), true))) ?? false;
    }),
  );
}

async function effectiveText(c: ContainerCommandContext, engine: EngineRecord, name: string): Promise<string> {
  const catalog = await c.deps.catalog();
  return catalog.read(async (em) => {
    const row = await loadContainer(em, engine.id, name);
    if (!row) throw new Error(`No container "${name}" in ${engine.name}.`);
    const eff = effectiveConfig(row, await loadProfiles(em, engine.id, row.profiles));
    return effectiveConfigYaml(`${name} (${engine.name})`, row.profiles, eff);
  });
}

/** Network/profile/volume/image from a node or {kind, name, engine?, pool?}; the answer is a list the user can open. */
async function findUsing(c: ContainerCommandContext, arg: CommandArg): Promise<ContainerRef[] | undefined> {
  const a = (arg ?? {}) as Record<string, unknown>;
  const catalog = await c.deps.catalog();
  let kind = a.kind as UsageKind | undefined;
  let name = a.name as string | undefined;
  let pool = a.pool as string | undefined;
  let engine: EngineRecord | undefined = typeof a.engine === 'string' ? await getEngine(catalog, a.engine) : undefined;
  if (a.type === 'network' || a.type === 'profile' || a.type === 'volume') {
    kind = a.type;
    name = a.name as string;
    engine = await getEngine(catalog, a.engine as string);
  } else if (a.type === 'image') {
    kind = 'image';
    name = a.fingerprint as string;
    engine = await getEngine(catalog, a.engine as string);
  }
  if (!kind) {
    kind = (await vscode.window.showQuickPick(['network', 'profile', 'volume', 'image'], { placeHolder: 'Find containers using a…' })) as UsageKind | undefined;
    if (!kind) return undefined;
  }
  if (!name) {
    name = await vscode.window.showInputBox({
      prompt: kind === 'image' ? 'Image fingerprint' : kind === 'volume' ? 'Volume name' : `${kind[0].toUpperCase()}${kind.slice(1)} name`,
      validateInput: (v) => (v.trim() ? undefined : 'Enter a name.'),
    });
    if (!name) return undefined;
  }
  if (kind === 'profile' && !engine) engine = await c.engine(undefined, { placeHolder: 'Engine of the profile' });
  if (kind === 'volume' && !pool) {
    pool = await vscode.window.showInputBox({ prompt: 'Storage pool of the volume', value: 'default' });
    if (!pool) return undefined;
  }
  const n = name;
  const refs = await catalog.read(async (em) => {
    switch (kind) {
      case 'network':
        return containersUsingNetwork(em, n, engine?.id);
      case 'profile':
        return engine ? containersUsingProfile(em, engine.id, n) : [];
      case 'volume':
        return containersUsingVolume(em, pool!, n, engine?.id);
      default:
        return containersUsingImage(em, n, engine?.id);
    }
  });
  if (a.show !== false) {
    const pick = await vscode.window.showQuickPick(
      refs.map((r) => ({ label: r.name, description: r.engine, ref: r })),
      { placeHolder: refs.length ? `${refs.length} container(s) use ${kind} ${n} — pick one to see its effective config` : `No container uses ${kind} ${n}` },
    );
    if (pick) {
      const e = await getEngine(catalog, pick.ref.engine);
      await openText(await effectiveText(c, e, pick.ref.name), 'yaml');
    }
  }
  return refs;
}

async function pickProfile(
  c: ContainerCommandContext,
  arg: CommandArg,
  placeHolder: string,
  includeCatalog = false,
): Promise<{ engine: EngineRecord; profile: string } | undefined> {
  const a = (arg ?? {}) as Record<string, unknown>;
  const catalog = await c.deps.catalog();
  if (a.type === 'profile' || a.type === 'profileRef') {
    return { engine: await getEngine(catalog, a.engine as string), profile: (a.type === 'profile' ? a.name : a.profile) as string };
  }
  const engine = typeof a.engine === 'string' ? await getEngine(catalog, a.engine) : await c.engine(undefined, { includeCatalog, kinds: ['lxd', 'catalog'], placeHolder: 'Engine of the profile' });
  if (!engine) return undefined;
  if (typeof a.profile === 'string') return { engine, profile: a.profile };
  const profiles = ((await catalog.read((em) => em.query('SELECT name FROM profiles WHERE engine_id = ? ORDER BY name', [engine.id]))) as { name: string }[]).map((r) => r.name);
  const profile = await vscode.window.showQuickPick(profiles, { placeHolder });
  return profile ? { engine, profile } : undefined;
}

async function importYaml(c: ContainerCommandContext, arg: CommandArg): Promise<string | undefined> {
  const a = (arg ?? {}) as Record<string, unknown>;
  let file = a.file as string | undefined;
  if (!file) {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { YAML: ['yaml', 'yml'] }, openLabel: 'Import profile' });
    if (!picked?.length) return undefined;
    file = picked[0].fsPath;
  }
  const catalog = await c.deps.catalog();
  const engine =
    typeof a.engine === 'string'
      ? await getEngine(catalog, a.engine)
      : (await listEngines(catalog)).find((e) => e.name === LOCAL_CATALOG_ENGINE_NAME);
  if (!engine) throw new Error('No engine to import into.');
  const name = await importProfile(catalog, engine, await readFile(file, 'utf8'), a.name as string | undefined);
  c.provider.refresh();
  return name;
}

async function importContainerYaml(c: ContainerCommandContext, arg: CommandArg): Promise<{ name: string; missingProfiles: string[] } | undefined> {
  const a = (arg ?? {}) as Record<string, unknown>;
  let file = a.file as string | undefined;
  if (!file) {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { YAML: ['yaml', 'yml'] }, openLabel: 'Import container' });
    if (!picked?.length) return undefined;
    file = picked[0].fsPath;
  }
  const name = await c.text(arg, 'name', 'Name of the draft container', requiredName('container name'));
  if (!name) return undefined;
  const catalog = await c.deps.catalog();
  const engine = (await listEngines(catalog)).find((e) => e.name === LOCAL_CATALOG_ENGINE_NAME);
  if (!engine) throw new Error('The local catalog engine is missing.');
  const r = await importContainer(catalog, engine, name, await readFile(file, 'utf8'));
  if (r.missingProfiles.length && a.show !== false) {
    void vscode.window.showWarningMessage(`Imported ${name}; profiles not in the local catalog were left out: ${r.missingProfiles.join(', ')}. Import them first to keep them.`);
  }
  c.provider.refresh(false);
  return { name, missingProfiles: r.missingProfiles };
}

/** Writes to `arg.file` when given, else opens an untitled YAML editor. Returns the text. */
async function output(arg: CommandArg, text: string): Promise<string> {
  const file = (arg as Args)?.file;
  if (typeof file === 'string') await writeFile(file, text);
  else if ((arg as Args)?.show !== false) await openText(text, 'yaml');
  return text;
}

async function openText(content: string, language: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ content, language });
  await vscode.window.showTextDocument(doc, { preview: true });
}
