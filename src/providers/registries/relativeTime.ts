/** "just now", "5 min ago", "3 h ago", "2 days ago": short enough for a tree item description. */
export function relativeTime(then: Date, now: Date = new Date()): string {
  const s = Math.round((now.getTime() - then.getTime()) / 1000);
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  const d = Math.round(h / 24);
  return `${d} days ago`;
}
