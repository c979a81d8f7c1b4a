import type { Registry } from '../../entities/Registry';
import type { Logger } from '../../shared/logger';
import { isRegistryError } from '../../registries/registryError';
import type { RegistryService } from '../../registries/registryService';
import type { Page } from '../../registries/registryClient';
import { normalizeRegistryUrl } from '../../registries/registryUrl';
import { nodeIds, type MessageNode, type MoreNode, type RegistryNode, type RegistryTreeNode, type RepositoryNode, type TagNode } from './registryTreeNodes';
import { orderTags } from '../../registries/tagOrder';
import { PageWalk } from '../../registries/pageWalk';
import { REPOSITORIES, type StoredItem, type StoredListing } from '../../registries/storedListings';

export interface RegistryTreeModelOptions {
  /** Repositories asked per `_catalog` page. */
  readonly repositoryPageSize?: number;
  /** Tags per page; details (digest, date) are read for each tag shown. */
  readonly tagPageSize?: number;
  /** Parallel detail requests per repository. */
  readonly detailConcurrency?: number;
}

const ROOT = '';

/** Failures that mean "no network to this registry", as opposed to a registry that answered with a refusal. */
const OFFLINE_KINDS: readonly string[] = ['connectionRefused', 'timeout', 'dns', 'network'];

/**
 * What the Registries tree shows, without VS Code: children are fetched once and cached per node until
 * invalidated (refresh), so expanding and collapsing never hits the network again. Failures become
 * message nodes; `children` never throws.
 */
export class RegistryTreeModel {
  private readonly cache = new Map<string, RegistryTreeNode[]>();
  private readonly inflight = new Map<string, Promise<RegistryTreeNode[]>>();
  private readonly signatures = new Map<string, string>();
  private readonly repositoryPageSize: number;
  private readonly tagPageSize: number;
  private readonly detailConcurrency: number;
  private readonly updateListeners = new Set<(parentId: string) => void>();
  /** Per listed node, the pages "Load more" has read: a registry whose next link goes back to one is stopped. */
  private readonly walks = new Map<string, PageWalk>();

  constructor(
    private readonly service: RegistryService,
    private readonly log: Logger,
    options: RegistryTreeModelOptions = {},
  ) {
    this.repositoryPageSize = options.repositoryPageSize ?? 100;
    this.tagPageSize = options.tagPageSize ?? 100;
    this.detailConcurrency = options.detailConcurrency ?? 4;
  }

  async children(node?: RegistryTreeNode): Promise<RegistryTreeNode[]> {
    const key = node?.id ?? ROOT;
    const cached = this.cache.get(key);
    if (cached) return cached;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.load(node).then(
        (nodes) => {
          if (this.inflight.get(key) === pending) this.cache.set(key, nodes);
          return nodes;
        },
        (e: unknown) => [this.unexpected(key, e)],
      );
      pending.finally(() => {
        if (this.inflight.get(key) === pending) this.inflight.delete(key);
      });
      this.inflight.set(key, pending);
    }
    return pending;
  }

  /**
   * Called with a node's id when its children changed without being asked: a listing drawn from the
   * catalog was read again in the background (or the registry could not be reached).
   */
  onDidUpdate(listener: (parentId: string) => void): { dispose(): void } {
    this.updateListeners.add(listener);
    return { dispose: () => this.updateListeners.delete(listener) };
  }

  /** Forgets a node's children and everything below it; undefined forgets the registry list only. */
  invalidate(nodeId?: string): void {
    if (nodeId === undefined) {
      this.cache.delete(ROOT);
      this.inflight.delete(ROOT);
      return;
    }
    for (const map of [this.cache, this.inflight]) {
      for (const k of [...map.keys()]) if (k === nodeId || k.startsWith(`${nodeId}/`)) map.delete(k);
    }
  }

  /** True when a node's children are cached (it was expanded). */
  isLoaded(nodeId: string): boolean {
    return this.cache.has(nodeId);
  }

  invalidateAll(): void {
    this.cache.clear();
    this.inflight.clear();
  }

  /**
   * Replaces a "Load more" node by the next page. Returns the id of the parent whose children changed,
   * or undefined when the node is no longer shown.
   */
  async loadMore(more: MoreNode): Promise<string | undefined> {
    const siblings = this.cache.get(more.parentId);
    if (!siblings || !siblings.some((n) => n.id === more.id)) return undefined;
    const parent = this.findNode(more.parentId);
    let next: RegistryTreeNode[];
    try {
      if (parent?.type === 'registry') next = await this.repositoryPage(parent, more.cursor, new Set(siblings.filter((n) => n.type === 'repository').map((n) => (n as RepositoryNode).name)), true);
      else if (parent?.type === 'repository') next = await this.tagPage(parent, more.cursor, true);
      else return undefined;
    } catch (e) {
      next = [this.errorNode(more.parentId, e, `more-${more.cursor}`)];
    }
    const current = this.cache.get(more.parentId);
    if (!current) return undefined;
    this.cache.set(more.parentId, [...current.filter((n) => n.id !== more.id), ...next]);
    return more.parentId;
  }

  /** A node currently in the cache, by id (for commands given an id, and for "Load more"). */
  findNode(id: string): RegistryTreeNode | undefined {
    for (const nodes of this.cache.values()) {
      const hit = nodes.find((n) => n.id === id);
      if (hit) return hit;
    }
    return undefined;
  }

  private async load(node: RegistryTreeNode | undefined): Promise<RegistryTreeNode[]> {
    if (!node) return this.registries();
    switch (node.type) {
      case 'registry':
        return this.repositories(node);
      case 'repository':
        return this.tags(node);
      default:
        return [];
    }
  }

  private pruned = false;

  private async registries(): Promise<RegistryTreeNode[]> {
    if (!this.pruned) {
      // Once per window: saved logins of registries removed while no window was watching.
      this.pruned = true;
      this.service.pruneOrphanSecrets().catch((e: unknown) => this.log.warn(`could not check for orphaned saved logins: ${e instanceof Error ? e.message : String(e)}`));
    }
    let list: Registry[];
    try {
      list = await this.service.list();
    } catch (e) {
      return [this.errorNode(ROOT, e, 'registries')];
    }
    const nodes = list.map((r) => this.registryNode(r));
    const seen = new Set(nodes.map((n) => n.id));
    for (const id of [...this.signatures.keys()]) {
      if (seen.has(id)) continue;
      this.signatures.delete(id);
      this.invalidate(id);
      this.service.forgetSecret(id).catch((e: unknown) => this.log.warn(`could not delete the saved login of a removed registry: ${e instanceof Error ? e.message : String(e)}`));
    }
    return nodes;
  }

  /**
   * Re-reads one registry's row after a change this window made to it alone, and puts the fresh node in
   * the cached list. Its listing is kept unless its connection or login changed. Undefined when the
   * node cannot be redrawn alone (gone, renamed, or the list not read yet): the caller redraws the list.
   */
  async reloadRegistry(registryId: string): Promise<RegistryNode | undefined> {
    const row = await this.service.find(registryId);
    if (!row) return undefined;
    const fresh = this.registryNode(row);
    const list = this.cache.get(ROOT);
    const cached = list?.find((n) => n.id === fresh.id);
    // The list is sorted by name: a renamed registry may move, so the list is read again.
    if (!list || cached?.type !== 'registry' || cached.registry.name !== fresh.registry.name) {
      this.invalidate();
      return undefined;
    }
    this.cache.set(ROOT, list.map((n) => (n === cached ? fresh : n)));
    return fresh;
  }

  private registryNode(r: Registry): RegistryNode {
    const id = nodeIds.registry(r.id);
    // A registry whose connection settings changed (here, in another window, from the CLI) is re-listed.
    const signature = JSON.stringify([r.url, r.loggedIn, r.username, r.insecure, r.caFile]);
    if (this.signatures.has(id) && this.signatures.get(id) !== signature) this.invalidate(id);
    this.signatures.set(id, signature);
    return {
      type: 'registry',
      id,
      registry: { id: r.id, name: r.name, url: r.url, apiBase: apiBaseOf(r.url), loggedIn: r.loggedIn, username: r.username, verifiedAt: r.verifiedAt, lastError: r.lastError, insecure: r.insecure, caFile: r.caFile },
    };
  }

  private async repositories(node: RegistryNode): Promise<RegistryTreeNode[]> {
    let tracked: string[] = [];
    try {
      tracked = await this.service.browser.trackedRepositories(node.registry.id);
    } catch (e) {
      return [this.errorNode(node.id, e, 'tracked', node.registry.id)];
    }
    const trackedNodes = tracked.map((name) => this.repositoryNode(node, name, true));
    const live = async () => [...trackedNodes, ...(await this.repositoryPage(node, undefined, new Set(tracked)))];
    const failed = (e: unknown) => {
      const refused = isRegistryError(e, 'catalogNotAllowed');
      if (!refused) this.log.warn(`registry ${node.registry.url}: ${e instanceof Error ? e.message : String(e)}`);
      const message: MessageNode = refused
        ? { type: 'message', id: nodeIds.message(node.id, 'catalog'), parentId: node.id, severity: 'info', message: (e as Error).message, kind: 'catalogNotAllowed', registryId: node.registry.id }
        : this.errorNode(node.id, e, 'catalog', node.registry.id);
      return [message, ...trackedNodes];
    };
    const stored = await this.stored(node.registry.id, REPOSITORIES);
    if (!stored) return live().catch(failed);
    const shown = new Set(tracked);
    const fromStore: RegistryTreeNode[] = [...trackedNodes, ...stored.items.filter((i) => !shown.has(i.name)).map((i) => this.repositoryNode(node, i.name, false))];
    if (stored.next) fromStore.push({ type: 'more', id: nodeIds.more(node.id, stored.next), parentId: node.id, cursor: stored.next });
    // A registry that refuses the listing now (a login was removed) says so, as it does when read live.
    return this.fromStore(node.id, node.registry.id, stored, fromStore, () => live().catch((e: unknown) => (isRegistryError(e, 'catalogNotAllowed') ? failed(e) : Promise.reject(e))));
  }

  private async tags(node: RepositoryNode): Promise<RegistryTreeNode[]> {
    const live = () => this.tagPage(node, undefined);
    const stored = await this.stored(node.registryId, node.name);
    if (!stored) return live().catch((e: unknown) => [this.errorNode(node.id, e, 'tags', node.registryId)]);
    return this.fromStore(node.id, node.registryId, stored, this.tagNodes(node, stored.items, stored.next), live);
  }

  /**
   * Children drawn from the catalog at once, under a note saying how old they are, while the registry
   * is read again in the background. The fresh listing then replaces them; a registry that cannot be
   * reached leaves them in place, and the note says why.
   */
  private fromStore(parentId: string, registryId: string, stored: StoredListing, nodes: RegistryTreeNode[], live: () => Promise<RegistryTreeNode[]>): RegistryTreeNode[] {
    const note = (severity: 'info' | 'error', message: string, refreshing: boolean, kind?: MessageNode['kind']): MessageNode => ({
      type: 'message', id: nodeIds.message(parentId, 'stored'), parentId, severity, message, kind, registryId, stored: { readAt: stored.readAt, refreshing },
    });
    const shown = [note('info', `Read ${stored.readAt.toISOString()}; reading it again…`, true), ...nodes];
    const replace = (next: RegistryTreeNode[]) => {
      // Refreshed, collapsed or paged on meanwhile: what is cached now is newer than this answer.
      if (this.cache.get(parentId) !== shown) return;
      this.cache.set(parentId, next);
      for (const l of this.updateListeners) l(parentId);
    };
    live().then(replace, (e: unknown) => {
      const kind = isRegistryError(e) ? e.kind : 'unexpected';
      const offline = OFFLINE_KINDS.includes(kind);
      const reason = e instanceof Error ? e.message : String(e);
      this.log.warn(`registry listing kept from ${stored.readAt.toISOString()}: ${reason}`);
      replace([note(offline ? 'info' : 'error', `${offline ? 'Offline' : 'Not refreshed'}: showing what was read ${stored.readAt.toISOString()}. ${reason}`, false, kind), ...nodes]);
    });
    return shown;
  }

  private async stored(registryId: string, scope: string): Promise<StoredListing | undefined> {
    try {
      return await this.service.browser.storedListing(registryId, scope);
    } catch (e) {
      // The stored copy is a convenience: without it the registry is read live, as before.
      this.log.warn(`registries tree: cannot read the stored listing: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  /** Keeps a listing just read; a failure to store is logged and never fails the view. */
  private remember(registryId: string, scope: string, items: readonly StoredItem[], next: string | undefined, append: boolean): void {
    this.service.browser.storeListing(registryId, scope, { items, next }, append).catch((e: unknown) => this.log.warn(`registries tree: cannot store the listing: ${e instanceof Error ? e.message : String(e)}`));
  }

  /** One `_catalog` page as repository nodes, leaving out names already shown (tracked ones). */
  private async repositoryPage(node: RegistryNode, cursor: string | undefined, shown: ReadonlySet<string>, append = false): Promise<RegistryTreeNode[]> {
    const page = await this.service.browser.repositoriesPage(node.registry.id, cursor, { pageSize: this.repositoryPageSize });
    const { next, stop } = this.nextPage(node.id, cursor, page, node.registry.url, 'repositories', node.registry.id);
    this.remember(node.registry.id, REPOSITORIES, page.items.map((name) => ({ name })), next, append);
    const nodes: RegistryTreeNode[] = page.items.filter((name) => !shown.has(name)).map((name) => this.repositoryNode(node, name, false));
    if (next) nodes.push({ type: 'more', id: nodeIds.more(node.id, next), parentId: node.id, cursor: next });
    if (stop) nodes.push(stop);
    return nodes;
  }

  private async tagPage(node: RepositoryNode, cursor: string | undefined, append = false): Promise<RegistryTreeNode[]> {
    const page = await this.service.browser.tagsPage(node.registryId, node.name, cursor, { pageSize: this.tagPageSize });
    const { next, stop } = this.nextPage(node.id, cursor, page, node.referenceHost, `tags of ${node.name}`, node.registryId);
    const tags = page.items.length ? await this.tagDetails(node, page.items) : [];
    this.remember(node.registryId, node.name, tags.map((t) => ({ name: t.tag, digest: t.digest, mediaType: t.mediaType, created: t.created, size: t.size, platforms: t.platforms, detailError: t.detailError })), next, append);
    const nodes = this.tagNodes(node, tags.map((t) => ({ name: t.tag, ...t })), next, !!cursor);
    return stop ? [...nodes, stop] : nodes;
  }

  /**
   * The cursor "Load more" continues from, checked against the pages this node already read: a next link
   * back to one of them (itself, or a cycle) ends the listing with a notice instead of a "Load more" that
   * would show the same page again and again.
   */
  private nextPage(parentId: string, cursor: string | undefined, page: Page<string>, registry: string, what: string, registryId: string): { next?: string; stop?: MessageNode } {
    let walk = this.walks.get(parentId);
    if (!cursor || !walk) this.walks.set(parentId, (walk = new PageWalk(registry, what)));
    try {
      return { next: walk.after(page) };
    } catch (e) {
      this.log.warn(`registry ${registry}: ${e instanceof Error ? e.message : String(e)}`);
      return { stop: this.errorNode(parentId, e, `paging-${page.self}`, registryId) };
    }
  }

  private tagNodes(node: RepositoryNode, items: readonly StoredItem[], next: string | undefined, morePage = false): RegistryTreeNode[] {
    if (!items.length && !morePage && !next) {
      return [{ type: 'message', id: nodeIds.message(node.id, 'empty'), parentId: node.id, severity: 'info', message: 'No tags (every tag was deleted, or none was pushed yet).', registryId: node.registryId }];
    }
    const nodes: RegistryTreeNode[] = orderTags(items.map((i) => ({
      type: 'tag' as const, id: nodeIds.tag(node.registryId, node.name, i.name), registryId: node.registryId, referenceHost: node.referenceHost, repository: node.name, tag: i.name,
      digest: i.digest, mediaType: i.mediaType, created: i.created, size: i.size, platforms: i.platforms, detailError: i.detailError,
    })));
    if (next) nodes.push({ type: 'more', id: nodeIds.more(node.id, next), parentId: node.id, cursor: next });
    return nodes;
  }

  /**
   * Digest (and, except on Docker Hub, creation date and platforms) of each tag. Docker Hub counts
   * manifest GETs against its pull limit, so there only HEAD requests are made.
   */
  private async tagDetails(node: RepositoryNode, tags: readonly string[]): Promise<TagNode[]> {
    const headOnly = normalizeRegistryUrl(node.referenceHost).dockerHub;
    const out: TagNode[] = new Array(tags.length);
    let next = 0;
    const worker = async () => {
      while (next < tags.length) {
        const i = next++;
        const tag = tags[i];
        const base = { type: 'tag' as const, id: nodeIds.tag(node.registryId, node.name, tag), registryId: node.registryId, referenceHost: node.referenceHost, repository: node.name, tag };
        try {
          if (headOnly) {
            out[i] = { ...base, digest: await this.service.browser.manifestDigest(node.registryId, node.name, tag) };
          } else {
            const d = await this.service.browser.tagDetails(node.registryId, node.name, tag);
            out[i] = { ...base, digest: d.digest, mediaType: d.mediaType, created: d.created, size: d.size, platforms: d.platforms };
          }
        } catch (e) {
          // A failed login or permission fails every tag alike: let it become the repository's error node.
          if (isRegistryError(e) && ['unauthorized', 'forbidden', 'connectionRefused', 'timeout', 'tls', 'dns', 'rateLimited'].includes(e.kind)) throw e;
          out[i] = { ...base, detailError: e instanceof Error ? e.message : String(e) };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.detailConcurrency, tags.length) }, worker));
    return out;
  }

  private repositoryNode(parent: RegistryNode, name: string, tracked: boolean): RepositoryNode {
    return {
      type: 'repository',
      id: nodeIds.repository(parent.registry.id, name),
      registryId: parent.registry.id,
      referenceHost: normalizeRegistryUrl(parent.registry.url).referenceHost,
      name,
      tracked,
    };
  }

  private errorNode(parentId: string, e: unknown, what: string, registryId?: string): MessageNode {
    const kind = isRegistryError(e) ? e.kind : 'unexpected';
    if (kind === 'unexpected') this.log.error(`registries tree: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return { type: 'message', id: nodeIds.message(parentId, what), parentId, severity: 'error', message: e instanceof Error ? e.message : String(e), kind, registryId };
  }

  private unexpected(parentId: string, e: unknown): MessageNode {
    return this.errorNode(parentId, e, 'unexpected');
  }
}

/** The API address the tooltip shows, worked out here so drawing a row (from a kept copy too) needs no core module. */
function apiBaseOf(url: string): string | undefined {
  try {
    return normalizeRegistryUrl(url).apiBase;
  } catch {
    return undefined;
  }
}
