export interface OrderedTag {
  readonly tag: string;
  readonly created?: Date;
}

/**
 * Newest first when every tag's creation date is known; otherwise version order (1.10 after 1.9,
 * newest first, `latest` on top). Alphabetical order, which puts 1.10 before 1.9, is what users complain about.
 */
export function orderTags<T extends OrderedTag>(tags: readonly T[]): T[] {
  const allDated = tags.length > 0 && tags.every((t) => t.created && !Number.isNaN(t.created.getTime()));
  return [...tags].sort((a, b) => {
    if (allDated) {
      const d = b.created!.getTime() - a.created!.getTime();
      if (d !== 0) return d;
    }
    return compareVersionsDescending(a.tag, b.tag);
  });
}

/** Descending natural order: numbers compare as numbers; `latest` first; otherwise stable and total. */
export function compareVersionsDescending(a: string, b: string): number {
  if (a === b) return 0;
  if (a === 'latest') return -1;
  if (b === 'latest') return 1;
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    // 1.2.1 is newer than 1.2, but a pre-release 2.0-rc1 is older than 2.0.
    if (x === undefined) return isPreRelease(y) ? -1 : 1;
    if (y === undefined) return isPreRelease(x) ? 1 : -1;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const diff = Number(y) - Number(x) || y.length - x.length;
      if (diff !== 0) return diff;
    } else if (nx !== ny) {
      return nx ? -1 : 1; // version-like tags before named ones
    } else if (x !== y) {
      return x < y ? 1 : -1;
    }
  }
  return a < b ? 1 : -1;
}

function isPreRelease(rest: string): boolean {
  return /^[-~+]?(rc|alpha|beta|pre|dev|snapshot)/i.test(rest) || /^[-~]/.test(rest);
}
