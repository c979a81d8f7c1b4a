import { h } from '../dom';
import { icon } from '../fields';

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
