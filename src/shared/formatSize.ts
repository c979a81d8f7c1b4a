/**
 * 1536 → "1.5 KB"; null/undefined → "". One format for the tree, the CLI and the panels' page bundle,
 * which is why it lives here: it imports nothing and runs in Node and in the browser alike.
 */
export function formatSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
