import { byText, type ViewSpec } from '../shared/viewQuery';

/** What the Containers view shows of a container, as its filter, sort and grouping see it. */
export interface ContainerViewRow {
  readonly name: string;
  readonly engine: string;
  /** lxd, podman, docker or catalog. */
  readonly kind: string;
  /** As the engine words it (Running, Stopped, …); "unknown" when the engine was not asked. */
  readonly state: string;
  readonly profiles: readonly string[];
  /** Creation time in ms since the epoch, null when the engine did not say. */
  readonly created: number | null;
}

const stateRank = (s: string): number => (s === 'Running' ? 0 : s === 'unknown' ? 2 : 1);

/** Containers: filter by state, engine, kind or profile; sort by name, state or created; group by engine, state or profile. */
export const CONTAINER_VIEW_SPEC: ViewSpec<ContainerViewRow> = {
  name: 'Containers view',
  text: (r) => `${r.name} ${r.engine} ${r.state} ${r.profiles.join(' ')}`,
  fields: { state: (r) => r.state, engine: (r) => r.engine, kind: (r) => r.kind, profile: (r) => r.profiles },
  sorts: {
    name: (a, b) => byText(a.name, b.name),
    // Running first, then the other known states, then those the engine was not asked about.
    state: (a, b) => stateRank(a.state) - stateRank(b.state) || byText(a.state, b.state) || byText(a.name, b.name),
    // Newest first; those without a date last.
    created: (a, b) => (b.created ?? -Infinity) - (a.created ?? -Infinity) || byText(a.name, b.name),
  },
  groups: { engine: undefined, state: (r) => r.state, profile: (r) => r.profiles },
};
