import { keptTopAndExpanded } from '../platform/keptFirstPaint';
import type { ContainerNode, ContainerTreeNode } from './containerTreeNodes';

/**
 * The part of the Containers view worth keeping for the next window's first paint (src/store/keptView.ts):
 * the top level and the children of the top-level rows VS Code asked for (an engine expanded, a group of the
 * view's grouping), as catalog data only. Runtime state (running, IPs, an engine's answer) is dropped, so a
 * kept row never claims a state that may have changed: it shows as the catalog alone would, until the catalog
 * answers. Engine client keys and certificates are never written. Undefined when the top level cannot be kept.
 */
export function keptContainerChildren(
  given: ReadonlyMap<string, readonly ContainerTreeNode[]>,
  current: (node: ContainerTreeNode) => ContainerTreeNode,
): Record<string, ContainerTreeNode[]> | undefined {
  return keptTopAndExpanded(given, current, keptList);
}

/** The nodes as kept; undefined when one of them is made of live data only (a cluster's members). */
function keptList(nodes: readonly ContainerTreeNode[]): ContainerTreeNode[] | undefined {
  const out: ContainerTreeNode[] = [];
  for (const n of nodes) {
    switch (n.type) {
      case 'engine':
        out.push({ ...n, engine: { ...n.engine, clientCert: null, clientKey: null } });
        break;
      case 'container':
        out.push(withoutLive(n));
        break;
      case 'viewGroup':
        out.push({ ...n, containers: n.containers.map(withoutLive) });
        break;
      case 'group':
        out.push(n);
        break;
      case 'message':
        // What the engine answered this time is not the catalog's; a failed last sync is.
        if (!n.id.endsWith('/live-error')) out.push(n);
        break;
      default:
        return undefined;
    }
  }
  return out;
}

function withoutLive(n: ContainerNode): ContainerNode {
  const { live: _live, ...rest } = n;
  return rest;
}

/** A kept node as the view's code expects it (JSON made the engine's last sync time a string). */
export function revivedContainerNode(n: ContainerTreeNode): ContainerTreeNode {
  if (n.type !== 'engine' || n.engine.lastSyncAt === null || n.engine.lastSyncAt instanceof Date) return n;
  return { ...n, engine: { ...n.engine, lastSyncAt: new Date(n.engine.lastSyncAt as unknown as string) } };
}
