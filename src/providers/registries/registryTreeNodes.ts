import type { RegistryErrorKind } from '../../registries/registryError';
import type { RegistryViewRow } from '../../registries/registryViewSpec';

// Tree nodes are plain data with a `type`; ids are derived from what they show, so they stay stable
// across refreshes and the tree does not flicker or lose its expansion state.

/** A registry row as the view shows it: what its filter and sort read, and what its menus need. */
export interface RegistrySummary extends RegistryViewRow {
  readonly id: string;
  readonly insecure: boolean;
  readonly caFile: string | null;
  /** Where its API is (from its address); undefined when the address cannot be read. */
  readonly apiBase?: string;
}

export interface RegistryNode {
  readonly type: 'registry';
  readonly id: string;
  readonly registry: RegistrySummary;
}

export interface RepositoryNode {
  readonly type: 'repository';
  readonly id: string;
  readonly registryId: string;
  /** Host for pull references, e.g. `docker.io` or `127.0.0.1:5000`. */
  readonly referenceHost: string;
  readonly name: string;
  /** Tracked by hand (can be untracked), as opposed to listed by the registry. */
  readonly tracked: boolean;
}

export interface TagNode {
  readonly type: 'tag';
  readonly id: string;
  readonly registryId: string;
  readonly referenceHost: string;
  readonly repository: string;
  readonly tag: string;
  readonly digest?: string;
  readonly mediaType?: string;
  readonly created?: Date;
  readonly size?: number;
  readonly platforms?: readonly string[];
  /** Why the details could not be read (the tag itself is still listed). */
  readonly detailError?: string;
}

/** A "Load more…" entry that continues a paged listing from `cursor`. */
export interface MoreNode {
  readonly type: 'more';
  readonly id: string;
  readonly parentId: string;
  readonly cursor: string;
}

/** An error or a notice in place of children; never a pop-up. */
export interface MessageNode {
  readonly type: 'message';
  readonly id: string;
  readonly parentId: string;
  readonly severity: 'error' | 'info';
  readonly message: string;
  readonly kind?: RegistryErrorKind | 'unexpected';
  /** The registry it concerns, for the node's actions (log in, track, edit). */
  readonly registryId?: string;
  /**
   * Set on the note above a listing drawn from the catalog: when it was read, and whether it is being
   * read again now (else the registry could not be reached, and `message` says why).
   */
  readonly stored?: { readonly readAt: Date; readonly refreshing: boolean };
}

/** A group of the view's grouping by login (src/shared/viewQuery.ts); holds registry nodes as they are. */
export interface ViewGroupNode {
  readonly type: 'viewGroup';
  readonly id: string;
  readonly name: string;
  readonly registries: readonly RegistryNode[];
}

export type RegistryTreeNode = RegistryNode | RepositoryNode | TagNode | MoreNode | MessageNode | ViewGroupNode;

/** A registry node's id is the registry's own id, so commands of other capabilities (details panel) take the node as is. */
export const nodeIds = {
  registry: (registryId: string): string => registryId,
  repository: (registryId: string, name: string): string => `${registryId}/repo/${name}`,
  tag: (registryId: string, repository: string, tag: string): string => `${registryId}/repo/${repository}/tag/${tag}`,
  more: (parentId: string, cursor: string): string => `${parentId}/more/${cursor}`,
  message: (parentId: string, what: string): string => `${parentId}/message/${what}`,
};
