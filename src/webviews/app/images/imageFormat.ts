import { h } from '../dom';
import { icon } from '../fields';

/** 1536 → "1.5 KB" (the tree's format; the page bundle cannot import the images capability). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

const STATES: Record<string, { icon: string; label: string; cls: string }> = {
  Synced: { icon: 'pass', label: 'Downloaded', cls: 'ok' },
  Outdated: { icon: 'warning', label: 'Outdated', cls: 'warning' },
  NotDownloaded: { icon: 'circle-large-outline', label: 'Not downloaded', cls: '' },
};

/** A local image's state with an icon and words (not colour alone). */
export function stateBadge(state: string): HTMLElement {
  const s = STATES[state] ?? { icon: 'question', label: state, cls: '' };
  return h('span', { class: `state ${s.cls}`.trim(), attrs: { 'data-state': state } }, icon(s.icon), ` ${s.label}`);
}
