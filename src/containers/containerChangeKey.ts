/**
 * The key the containers capability puts in a catalog write's hint (WriteHint.touched) when the write
 * changed exactly one container's rows, so the Containers view can redraw just that node.
 */
export function containerChangeKey(engineId: number, name: string): string {
  return `container:${engineId}/${name}`;
}

