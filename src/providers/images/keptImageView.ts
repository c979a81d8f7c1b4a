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
): Record<string, ImageNode[]> | undefined {
  return keptTopAndExpanded(given, current, keptList);
}

function keptList(nodes: readonly ImageNode[]): ImageNode[] | undefined {
  const out: ImageNode[] = [];
  for (const n of nodes) {
    if (n.type === 'error') return undefined;
    if (n.type === 'source' && /\bdownloading\b/.test(n.description)) return undefined;
    out.push(n);
  }
  return out;
}
