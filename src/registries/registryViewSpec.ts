import { byText, type ViewSpec } from '../shared/viewQuery';

/** What the Registries view shows of a registry, as its filter, sort and grouping see it. */
export interface RegistryViewRow {
  readonly name: string;
  readonly url: string;
  readonly loggedIn: boolean;
  readonly username: string | null;
  readonly verifiedAt: Date | null;
  readonly lastError: string | null;
}

export const loginLabel = (r: RegistryViewRow): string => (r.loggedIn ? 'logged in' : 'not logged in');
const stateLabel = (r: RegistryViewRow): string => (r.lastError ? 'error' : r.verifiedAt ? 'verified' : 'not verified');
const stateRank: Record<string, number> = { error: 0, 'not verified': 1, verified: 2 };

/** Registries: filter by login or state; sort by name, state (errors first) or last verified; flat or grouped by login. */
export const REGISTRY_VIEW_SPEC: ViewSpec<RegistryViewRow> = {
  name: 'Registries view',
  text: (r) => `${r.name} ${r.url} ${r.username ?? ''}`,
  fields: { login: loginLabel, state: stateLabel },
  sorts: {
    name: (a, b) => byText(a.name, b.name),
    state: (a, b) => (stateRank[stateLabel(a)] ?? 9) - (stateRank[stateLabel(b)] ?? 9) || byText(a.name, b.name),
    verified: (a, b) => (b.verifiedAt?.getTime() ?? -Infinity) - (a.verifiedAt?.getTime() ?? -Infinity) || byText(a.name, b.name),
  },
  groups: { flat: undefined, login: loginLabel },
};
