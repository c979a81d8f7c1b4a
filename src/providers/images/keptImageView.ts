import { keptTopAndExpanded } from '../platform/keptFirstPaint';
import type { ImageNode } from './imageTreeModel';

/**
 * The part of the Image Sources view worth keeping for the next window's first paint
 * (src/store/keptView.ts): the top level (source types, local images) and the children of the top-level
 * rows VS Code asked for (a type's distributions, the local images), as catalog data. A distribution's
 * sources are not kept (thousands of rows): they are read from the catalog when asked. A download's
 * progress is not catalog data and is not kept. Undefined when the top level cannot be kept (an error).
 */
export function keptImageChildren(
  given: ReadonlyMap<string, readonly ImageNode[]>,
  current: (node: ImageNode) => ImageNode,
  /** The sources downloading now (by ImageSource Id): a list holding one is not kept. */
  downloads: ReadonlyMap<string, unknown>,
): Record<string, ImageNode[]> | undefined {
  const keptList = (nodes: readonly ImageNode[]): ImageNode[] | undefined =>
    nodes.some((n) => n.type === 'error' || (n.type === 'source' && downloads.has(n.sourceId))) ? undefined : [...nodes];
  return keptTopAndExpanded(given, current, keptList);
}
