import { formatSize } from '../../shared/formatSize';
import type { LocalImage } from '../../entities/LocalImage';
import { ImageType, LocalState } from '../../images/imageKinds';
import type { ImageSourceRow } from '../../images/readImageSourceRows';
import type { ImageTreeData } from '../../images/readImageTreeData';
import { IMAGE_SOURCE_VIEW_SPEC, imageFacets, type ImageFacets } from '../../images/imageSourceViewSpec';
import { byText, fieldValues, filterAndSort, type ViewQuery } from '../../shared/viewQuery';
import { imageTreeSourceFromRows, type ImageTreeSource } from './imageTreeSource';

// The image-sources tree as plain data (no vscode import): the provider renders these nodes, tests
// check them directly. Ids are stable across refreshes so the tree does not flicker. The top levels
// come from counts; a distribution's rows are asked for when it is opened (see ImageTreeSource).

export type FilterField = 'os' | 'release' | 'variant' | 'arch';
export const FILTER_FIELDS: readonly FilterField[] = ['os', 'release', 'variant', 'arch'];
export type ImageFilter = Partial<Record<FilterField, string>>;

export type Facets = ImageFacets;
/** What the tree shows for a source; filters offer exactly these values. */
export const facetsOf = imageFacets;

export type ImageNode =
  | { type: 'sourceType'; id: string; sourceType: string; count: number; lastUpdate: number | null }
  | { type: 'distribution'; id: string; sourceType: string; distribution: string; count: number }
  | { type: 'source'; id: string; sourceId: string; sourceType: string; label: string; description: string; tooltip: string; downloadable: boolean; localState: string | null }
  | { type: 'localGroup'; id: string; count: number; outdated: number }
  | { type: 'local'; id: string; localId: string; label: string; description: string; tooltip: string; state: string }
  | { type: 'filter'; id: string; label: string }
  | { type: 'error'; id: string; message: string };

// One collator for the labels' order (localeCompare with options builds one per call), built at the first sort:
// a process's first Intl.Collator loads ICU's collation data, which activation should not wait for.
let labelOrder: Intl.Collator | undefined;
const TYPE_ORDER = [ImageType.Incus, ImageType.Builtin, ImageType.Docker, ImageType.Uri, ImageType.Local];
const TYPE_LABELS: Record<string, string> = {
  Incus: 'Simplestreams (LXD/Incus)',
  Builtin: 'Builtin',
  Docker: 'Registry images',
  Uri: 'URLs',
  Local: 'Local tarballs',
};
export const typeLabel = (t: string): string => TYPE_LABELS[t] ?? t;

/** "refreshed 3 h ago" style age of a unix-seconds timestamp. */
export function formatAge(lastUpdate: number | null, nowSeconds: number): string {
  if (lastUpdate === null) return 'never refreshed';
  const s = Math.max(0, nowSeconds - lastUpdate);
  if (s < 60) return 'refreshed just now';
  if (s < 3600) return `refreshed ${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `refreshed ${Math.floor(s / 3600)} h ago`;
  return `refreshed ${Math.floor(s / 86400)} d ago`;
}

/** Distinct values of one facet among the sources the other active filters let through. */
export function filterValues(sources: readonly ImageSourceRow[], filter: ImageFilter, field: FilterField): string[] {
  return fieldValues(IMAGE_SOURCE_VIEW_SPEC, { fields: filter as Record<string, string> }, sources, field);
}

/** A source type's row: its count and, for catalogs that refresh, how old the catalog is. */
export function describeSourceType(node: Extract<ImageNode, { type: 'sourceType' }>, nowSeconds: number): string {
  // Registry images and local tarballs have no catalog to refresh: only their count.
  if (node.sourceType === ImageType.Docker || node.sourceType === ImageType.Local) return String(node.count);
  return `${node.count} · ${formatAge(node.lastUpdate, nowSeconds)}`;
}

export class ImageTreeModel {
  constructor(
    private readonly data: ImageTreeSource,
    private readonly query: ViewQuery,
    private readonly nowSeconds: number,
    private readonly downloads: ReadonlyMap<string, number | null> = new Map(),
  ) {}

  /** The tree over every row in memory (a filtered view; tests). */
  static fromRows(data: ImageTreeData, query: ViewQuery, nowSeconds: number, downloads?: ReadonlyMap<string, number | null>): ImageTreeModel {
    return new ImageTreeModel(imageTreeSourceFromRows(data, query), query, nowSeconds, downloads);
  }

  /** Everything a node's row shows, as one string: equal looks need no redraw. */
  look(node: ImageNode): string {
    return JSON.stringify(node.type === 'sourceType' ? [node, this.describeType(node)] : node);
  }

  /** The same rows seen at another time (ages move on; download progress is read live). */
  at(nowSeconds: number): ImageTreeModel {
    return new ImageTreeModel(this.data, this.query, nowSeconds, this.downloads);
  }

  roots(): ImageNode[] {
    if (this.data.types.length === 0 && this.data.locals.length === 0) return [];
    const out: ImageNode[] = [];
    const active = Object.entries(this.query.fields ?? {}).map(([k, v]) => `${k}=${v}`);
    if (this.query.text) active.push(`"${this.query.text}"`);
    if (active.length) out.push({ type: 'filter', id: 'filter', label: `Filter: ${active.join(', ')}` });
    if (this.query.group === 'distribution') {
      // Grouped by distribution across every type: one folder per distribution the filter lets through.
      const byDistribution = new Map<string, number>();
      for (const c of this.data.counts) byDistribution.set(c.distribution, (byDistribution.get(c.distribution) ?? 0) + c.count);
      // Names equal to the collator (case) keep one order: code-unit order.
      for (const d of [...byDistribution.keys()].sort((a, b) => byText(a, b) || (a < b ? -1 : a > b ? 1 : 0))) {
        out.push({ type: 'distribution', id: `dist:${d}`, sourceType: '', distribution: d, count: byDistribution.get(d) ?? 0 });
      }
      return this.withLocals(out);
    }
    const types = [...this.data.types].sort((a, b) => {
      const ia = TYPE_ORDER.indexOf(a as never);
      const ib = TYPE_ORDER.indexOf(b as never);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
    });
    for (const t of types) {
      const count = this.data.counts.reduce((n, c) => (c.type === t ? n + c.count : n), 0);
      const cache = this.data.caches.find((c) => c.type === t);
      out.push({ type: 'sourceType', id: `type:${t}`, sourceType: t, count, lastUpdate: cache?.lastUpdate ?? null });
    }
    return this.withLocals(out);
  }

  private withLocals(out: ImageNode[]): ImageNode[] {
    if (this.data.locals.length) {
      out.push({
        type: 'localGroup', id: 'local', count: this.data.locals.length,
        outdated: this.data.locals.filter((l) => l.state === LocalState.Outdated).length,
      });
    }
    return out;
  }

  async children(node: ImageNode): Promise<ImageNode[]> {
    switch (node.type) {
      case 'sourceType':
        return this.data.counts
          .filter((c) => c.type === node.sourceType)
          .sort((a, b) => (a.distribution < b.distribution ? -1 : a.distribution > b.distribution ? 1 : 0))
          .map((c) => ({ type: 'distribution', id: `type:${node.sourceType}/${c.distribution}`, sourceType: node.sourceType, distribution: c.distribution, count: c.count }));
      case 'distribution':
      {
        // sourceType '' is a distribution of the grouping by distribution: every type. The rows come in
        // the catalog's order and every sort is stable, so equal rows keep that order, as when all are read.
        const rows = filterAndSort(IMAGE_SOURCE_VIEW_SPEC, this.query, await this.data.rowsIn(node.sourceType, node.distribution));
        // The default order is the one the labels read in; another sort keeps the spec's order.
        if (this.query.sort === undefined || this.query.sort === 'name') rows.sort((a, b) => (labelOrder ??= new Intl.Collator(undefined, { numeric: true })).compare(this.sourceLabel(a), this.sourceLabel(b)));
        return rows.map((s) => this.sourceNode(s));
      }
      case 'localGroup':
        return [...this.data.locals].sort((a, b) => a.name.localeCompare(b.name)).map((l) => this.localNode(l));
      default:
        return [];
    }
  }

  describeType(node: Extract<ImageNode, { type: 'sourceType' }>): string {
    return describeSourceType(node, this.nowSeconds);
  }

  private sourceLabel(s: ImageSourceRow): string {
    const f = facetsOf(s);
    if (s.type === ImageType.Docker) return s.name ?? `${s.distribution}:${f.release}`;
    return [f.release || s.tags.split(',')[0], f.variant, f.arch].filter(Boolean).join(' · ');
  }

  private sourceNode(s: ImageSourceRow): ImageNode {
    const locals = this.data.locals.filter((l) => l.imageSourceId === s.id);
    const localState = locals.some((l) => l.state === LocalState.Outdated) ? LocalState.Outdated
      : locals.some((l) => l.state === LocalState.Synced) ? LocalState.Synced
        : locals.length ? LocalState.NotDownloaded : null;
    const server = s.tags.split(',').find((t) => t.startsWith('@'));
    const progress = this.downloads.get(s.id);
    const parts = [
      formatSize(s.size),
      s.type === ImageType.Incus && server ? server : '',
      this.downloads.has(s.id) ? `downloading${progress === null || progress === undefined ? '' : ` ${Math.floor(progress)}%`}` : '',
      localState === LocalState.Outdated ? '⚠ local copy outdated' : localState === LocalState.Synced ? '✓ downloaded' : '',
    ].filter(Boolean);
    const tooltip = [
      s.name ?? '', s.url ?? '', s.digest ? `sha256: ${s.digest}` : 'digest read at download',
      s.fingerprint ? `LXD fingerprint: ${s.fingerprint}` : '', s.size !== null ? `size: ${formatSize(s.size)}` : '',
    ].filter(Boolean).join('\n');
    return {
      type: 'source', id: `source:${s.id}`, sourceId: s.id, sourceType: s.type, label: this.sourceLabel(s), description: parts.join(' · '),
      tooltip, downloadable: s.type !== ImageType.Docker, localState,
    };
  }

  private localNode(l: LocalImage): ImageNode {
    const state = l.state;
    const parts = [state === LocalState.Outdated ? '⚠ Outdated' : state, formatSize(l.size), l.imageSourceId ? '' : 'source removed'];
    return {
      type: 'local', id: `local:${l.id}`, localId: l.id, label: l.name, state,
      description: parts.filter(Boolean).join(' · '),
      tooltip: [l.name, l.localFilename ?? '', l.digest ? `${(l.digestAlgorithm ?? 'SHA256').toLowerCase()}: ${l.digest}` : ''].filter(Boolean).join('\n'),
    };
  }
}
