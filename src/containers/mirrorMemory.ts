import type { Catalog } from '../store/catalog';
import type { EngineMirror, MirrorInstance } from './engineMirror';
import { storedInstance, storedSections } from './storedForm';

/** The parts of a mirror written as a whole when any of their objects changed (small next to the instances). */
export const MIRROR_SECTIONS = ['profiles', 'networks', 'pools', 'images', 'certificates', 'config'] as const;
export type MirrorSection = (typeof MIRROR_SECTIONS)[number];

/**
 * What this process knows about one engine between syncs, kept in memory only:
 * - `imageArch`: see below;
 * - `listed`: each Docker/Podman container's list entry (fingerprint) and the instance read for it, so
 *   a sync inspects only containers whose list entry changed;
 * - `written`: signatures of what the catalog holds for the engine (per instance, per section), so a
 *   sync or an event writes only what differs. Forgotten whenever the catalog changes in a way this
 *   memory cannot follow (another process, a write that did not say what it touched); a sync then
 *   reads it back from the rows (readWritten), so a new window writes nothing over an unchanged engine.
 */
export interface EngineMemory {
  readonly listed: Map<string, { readonly fingerprint: string; readonly instance: MirrorInstance }>;
  /**
   * Docker/Podman: each image's architecture in LXD's names, by image id (without `sha256:`), from the
   * image's inspect (see imageArchitectures). An image id names its content, so it is read once.
   */
  readonly imageArch: Map<string, string>;
  /** Docker/Podman: whether the engine is Podman (its answers say so; see DockerClient.containerList). */
  libpod?: boolean;
  written?: Written;
}

/**
 * Signatures of what the catalog holds for an engine: per top-level instance name, and per section.
 * An empty signature stands for a row whose content is not known (only that it is there).
 */
export interface Written {
  readonly instances: Map<string, string>;
  readonly sections: Map<MirrorSection, string>;
}

const memories = new WeakMap<Catalog, Map<number, EngineMemory>>();

export function engineMemory(catalog: Catalog, engineId: number): EngineMemory {
  let byEngine = memories.get(catalog);
  if (!byEngine) {
    const created = new Map<number, EngineMemory>();
    memories.set(catalog, (byEngine = created));
    catalog.onDidChange((e) => {
      // Writes that name what they touched are syncs and container refreshes, which keep this memory
      // up to date themselves; anything else may have changed mirrored rows behind our back.
      if (e.external || !e.touched) for (const m of created.values()) m.written = undefined;
    });
  }
  let m = byEngine.get(engineId);
  if (!m) byEngine.set(engineId, (m = { listed: new Map(), imageArch: new Map() }));
  return m;
}

/** The change key a sync's write carries (see WriteHint), so views and this memory know what it was. */
export function engineSyncKey(engineId: number): string {
  return `engine-sync:${engineId}`;
}

/** JSON with object keys sorted: the same content gives the same text whatever order the engine used. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** What the catalog's rows hold of `i` (see storedForm), as text: equal text, equal rows. */
export function instanceSignature(i: MirrorInstance): string {
  return canonical(storedInstance(i));
}

export function sectionSignatures(m: EngineMirror): Map<MirrorSection, string> {
  const stored = storedSections(m);
  return new Map<MirrorSection, string>(MIRROR_SECTIONS.map((s) => [s, canonical(stored[s])]));
}

/** What a sync must write so the catalog matches `m`; everything when the memory knows nothing. */
export interface WritePlan {
  /** Instances (with their snapshots) to upsert. */
  readonly instances: MirrorInstance[];
  /** Top-level instance names the engine no longer has. */
  readonly removed: string[];
  readonly sections: Set<MirrorSection>;
  /** True when nothing is known: replace everything (and delete what the catalog has beyond `m`). */
  readonly whole: boolean;
}

export function planWrite(memory: EngineMemory, m: EngineMirror): WritePlan {
  const sections = sectionSignatures(m);
  const w = memory.written;
  if (!w) return { instances: [...m.instances], removed: [], sections: new Set(MIRROR_SECTIONS), whole: true };
  const changedSections = new Set(MIRROR_SECTIONS.filter((s) => w.sections.get(s) !== sections.get(s)));
  // Profile links are stored by id: when profiles change, rewrite every instance's links too.
  const all = changedSections.has('profiles');
  const instances = m.instances.filter((i) => all || w.instances.get(i.name) !== instanceSignature(i));
  const present = new Set(m.instances.map((i) => i.name));
  const removed = [...w.instances.keys()].filter((n) => !present.has(n));
  return { instances, removed, sections: changedSections, whole: false };
}

export function isEmptyPlan(p: WritePlan): boolean {
  return !p.whole && p.instances.length === 0 && p.removed.length === 0 && p.sections.size === 0;
}

/**
 * What the first write of a Docker/Podman sync (see readDockerLists) writes, over `basis` (what the
 * catalog holds: `memory.written`, or the stored names with unknown content): the sections that
 * differ, the rows of containers new to the catalog (built from their list entries), unchanged
 * containers whose rows differ, and the removal of containers the engine no longer lists. Rows of
 * containers awaiting their inspect (`fromLists` already stored, `outdated`) are left for the details
 * write, so no row loses facts only an inspect gives (env) in between.
 */
export function planRows(basis: Written, m: EngineMirror, fromLists: ReadonlySet<string>, outdated: ReadonlySet<string>): WritePlan {
  const sections = sectionSignatures(m);
  const changedSections = new Set(MIRROR_SECTIONS.filter((s) => basis.sections.get(s) !== sections.get(s)));
  const all = changedSections.has('profiles');
  const instances = m.instances.filter((i) => {
    if (outdated.has(i.name)) return false;
    if (fromLists.has(i.name)) return !basis.instances.has(i.name);
    return all || basis.instances.get(i.name) !== instanceSignature(i);
  });
  const present = new Set(m.instances.map((i) => i.name));
  const removed = [...basis.instances.keys()].filter((n) => !present.has(n));
  return { instances, removed, sections: changedSections, whole: false };
}

/** After a committed write of `plan` (for `m`) over a catalog that held `before`: what it holds now. */
export function rememberPlan(memory: EngineMemory, before: Written | undefined, plan: WritePlan, m: EngineMirror): void {
  if (plan.whole || !before) return rememberWritten(memory, m);
  const instances = new Map(before.instances);
  for (const n of plan.removed) instances.delete(n);
  for (const i of plan.instances) instances.set(i.name, instanceSignature(i));
  // Sections not in the plan were equal to m's already.
  memory.written = { instances, sections: sectionSignatures(m) };
}

/**
 * Drops what this memory read for the named containers, so the next sync inspects them again: their
 * rows were written from another read (an event's), which the listed instance would otherwise undo.
 */
export function forgetListed(memory: EngineMemory, names: Iterable<string>): void {
  const gone = new Set(names);
  if (gone.size === 0) return;
  for (const [id, l] of memory.listed) if (gone.has(l.instance.name)) memory.listed.delete(id);
}

/** After a committed whole-engine write: the catalog now holds exactly `m`. */
export function rememberWritten(memory: EngineMemory, m: EngineMirror): void {
  memory.written = {
    instances: new Map(m.instances.map((i) => [i.name, instanceSignature(i)])),
    sections: sectionSignatures(m),
  };
}
