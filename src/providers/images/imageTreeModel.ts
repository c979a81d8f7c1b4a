import { formatSize } from '../../shared/formatSize';
import type { ImageSource } from '../../entities/ImageSource';
import type { LocalImage } from '../../entities/LocalImage';
import { ImageType, LocalState } from '../../images/imageKinds';
import type { ImageTreeData } from '../../images/readImageTreeData';
import { IMAGE_SOURCE_VIEW_SPEC, imageFacets, type ImageFacets } from '../../images/imageSourceViewSpec';
import { applyViewQuery, fieldValues, filterAndSort, type ViewQuery } from '../../shared/viewQuery';

// The image-sources tree as plain data (no vscode import): the provider renders these nodes, tests
// check them directly. Ids are stable across refreshes so the tree does not flicker.

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

// One collator for the labels' order (localeCompare with options builds one per call).
const LABEL_ORDER = new Intl.Collator(undefined, { numeric: true });
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
export function filterValues(sources: ImageSource[], filter: ImageFilter, field: FilterField): string[] {
  return fieldValues(IMAGE_SOURCE_VIEW_SPEC, { fields: filter as Record<string, string> }, sources, field);
}

export class ImageTreeModel {
  constructor(
    private readonly data: ImageTreeData,
    private readonly query: ViewQuery,
    private readonly nowSeconds: number,
    private readonly downloads: ReadonlyMap<string, number | null> = new Map(),
  ) {}

  /** Everything a node's row shows, as one string: equal looks need no redraw. */
  look(node: ImageNode): string {
    return JSON.stringify(node.type === 'sourceType' ? [node, this.describeType(node)] : node);
  }

  /** The same rows seen at another time (ages move on; download progress is read live). */
  at(nowSeconds: number): ImageTreeModel {
    return new ImageTreeModel(this.data, this.query, nowSeconds, this.downloads);
  }

  private visible: readonly ImageSource[] | undefined;

  /** Filtered and sorted once per model (data and query never change in one): each expand reads it again. */
  private visibleSources(): readonly ImageSource[] {
    return (this.visible ??= filterAndSort(IMAGE_SOURCE_VIEW_SPEC, this.query, this.data.sources));
  }

  roots(): ImageNode[] {
    if (this.data.sources.length === 0 && this.data.locals.length === 0) return [];
    const out: ImageNode[] = [];
    const active = Object.entries(this.query.fields ?? {}).map(([k, v]) => `${k}=${v}`);
    if (this.query.text) active.push(`"${this.query.text}"`);
    if (active.length) out.push({ type: 'filter', id: 'filter', label: `Filter: ${active.join(', ')}` });
    const visible = this.visibleSources();
    if (this.query.group === 'distribution') {
      // Grouped by distribution across every type: one folder per distribution the filter lets through.
      for (const g of applyViewQuery(IMAGE_SOURCE_VIEW_SPEC, this.query, this.data.sources)) {
        out.push({ type: 'distribution', id: `dist:${g.name ?? ''}`, sourceType: '', distribution: g.name ?? '', count: g.rows.length });
      }
      return this.withLocals(out);
    }
    const types = [...new Set(this.data.sources.map((s) => s.type))].sort((a, b) => {
      const ia = TYPE_ORDER.indexOf(a as never);
      const ib = TYPE_ORDER.indexOf(b as never);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
    });
    for (const t of types) {
      const count = visible.filter((s) => s.type === t).length;
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

  children(node: ImageNode): ImageNode[] {
    switch (node.type) {
      case 'sourceType': {
        // Counted in one pass: a filter per distribution was distributions × rows (800,000 at 20,000 sources).
        const counts = new Map<string, number>();
        for (const s of this.visibleSources()) if (s.type === node.sourceType) counts.set(s.distribution, (counts.get(s.distribution) ?? 0) + 1);
        return [...counts.keys()].sort().map((d) => ({
          type: 'distribution', id: `type:${node.sourceType}/${d}`, sourceType: node.sourceType, distribution: d,
          count: counts.get(d) ?? 0,
        }));
      }
      case 'distribution':
      {
        // sourceType '' is a distribution of the grouping by distribution: every type.
        const rows = this.visibleSources().filter((s) => (node.sourceType === '' || s.type === node.sourceType) && s.distribution === node.distribution);
        // The default order is the one the labels read in; another sort keeps the spec's order.
        if (this.query.sort === undefined || this.query.sort === 'name') rows.sort((a, b) => LABEL_ORDER.compare(this.sourceLabel(a), this.sourceLabel(b)));
        return rows.map((s) => this.sourceNode(s));
      }
      case 'localGroup':
        return [...this.data.locals].sort((a, b) => a.name.localeCompare(b.name)).map((l) => this.localNode(l));
      default:
        return [];
    }
  }

  describeType(node: Extract<ImageNode, { type: 'sourceType' }>): string {
    // Registry images and local tarballs have no catalog to refresh: only their count.
    if (node.sourceType === ImageType.Docker || node.sourceType === ImageType.Local) return String(node.count);
    return `${node.count} · ${formatAge(node.lastUpdate, this.nowSeconds)}`;
  }

  private sourceLabel(s: ImageSource): string {
    const f = facetsOf(s);
    if (s.type === ImageType.Docker) return s.name ?? `${s.distribution}:${f.release}`;
    return [f.release || s.tags.split(',')[0], f.variant, f.arch].filter(Boolean).join(' · ');
  }

  private sourceNode(s: ImageSource): ImageNode {
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
