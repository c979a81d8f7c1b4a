import type { ContainerLink, ContainerLive, ContainerStats, ContainerView, KeyValue } from '../../container/protocol';
import { containerLinks } from '../containerLinks';
import { formatDate, h } from '../dom';
import { configEditor } from '../configEditor';
import { devicesEditor } from '../devicesEditor';
import { button, buttonRow, facts, icon, textField } from '../fields';
import { keyValueTable } from '../keyValueTable';
import { tabs } from '../tabs';
import { startPanel } from '../panelApp';
import type { RenderContext } from '../panelApp';
import { OBJECT_LIMITS } from '../../../containers/objectRules';

/** What the user is typing in the panel's forms (kept in webview state across hide/show). */
interface ContainerDraft {
  key: string;
  value: string;
  device: string;
  deviceConfig: string;
  snapshot: string;
}

type Ctx = RenderContext<ContainerView, ContainerLive, ContainerDraft>;

const TABS = ['Overview', 'Config', 'Devices', 'Profiles', 'Snapshots', 'Effective config', 'Uses'] as const;

function liveState(live: ContainerLive | undefined): Node {
  if (!live) return h('span', { id: 'live', class: 'muted' }, 'Reading the state from the engine…');
  switch (live.state) {
    case 'ok':
      return h('span', { id: 'live', class: `state ${live.running ? 'ok' : ''}` }, icon(live.running ? 'vm-running' : 'vm-outline'), ` ${live.status}`);
    case 'catalogOnly':
      return h('span', { id: 'live', class: 'state' }, icon('database'), ' Catalog only (no engine)');
    case 'unreachable':
      return h('span', { id: 'live', class: 'state error' }, icon('warning'), ` Engine unreachable: ${live.message}`);
  }
}

const mib = (n: number | null): string => (n === null ? '—' : n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(2)} GiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`);
const bytes = (n: number | null): string => (n === null ? '—' : n >= 1024 ** 2 ? mib(n) : `${(n / 1024).toFixed(1)} KiB`);

/** Live figures of a running container (updated while the panel is visible). */
function statsFacts(live: Extract<ContainerLive, { state: 'ok' }> | undefined): [string, string | Node][] {
  if (!live?.running) return [];
  if (live.statsError) return [['Resources', h('span', { id: 'stats', class: 'state error' }, icon('warning'), ` ${live.statsError}`)]];
  const s = live.stats;
  if (!s) return [['Resources', h('span', { id: 'stats', class: 'muted' }, 'Reading from the engine…')]];
  const t = statsTexts(s);
  return STATS_ROWS.map(([label, id]) => [label, h('span', { id }, t[id])]);
}

const STATS_ROWS = [['CPU', 'stats-cpu'], ['Memory', 'stats-memory'], ['Network', 'stats-net'], ['Block IO', 'stats-block'], ['Processes', 'stats-pids']] as const;

function statsTexts(s: ContainerStats): Record<(typeof STATS_ROWS)[number][1], string> {
  return {
    'stats-cpu': s.cpuPercent === null ? '—' : `${s.cpuPercent.toFixed(1)} %`,
    'stats-memory': `${mib(s.memoryBytes)}${s.memoryLimitBytes === null ? '' : ` of ${mib(s.memoryLimitBytes)}`}`,
    'stats-net': `received ${bytes(s.netRxBytes)} · sent ${bytes(s.netTxBytes)}`,
    'stats-block': s.blockReadBytes === null ? 'not reported by this engine' : `read ${bytes(s.blockReadBytes)} · written ${bytes(s.blockWriteBytes)}`,
    'stats-pids': s.processes === null ? '—' : String(s.processes),
  };
}

/**
 * A new reading of the figures alone is written into their rows in place (no re-render, so typing elsewhere
 * keeps its caret); anything else, or figures not on screen yet, re-renders.
 */
function updateStatsInPlace(prev: ContainerLive | undefined, next: ContainerLive): boolean {
  if (prev?.state !== 'ok' || next.state !== 'ok' || !next.stats || next.statsError) return false;
  const rest = (l: Extract<ContainerLive, { state: 'ok' }>): string => JSON.stringify({ ...l, stats: undefined, statsError: undefined });
  if (!prev.stats || rest(prev) !== rest(next)) return false;
  const t = statsTexts(next.stats);
  // On another tab the rows are not there: the next render shows the latest figures.
  for (const [, id] of STATS_ROWS) {
    const el = document.getElementById(id);
    if (el) el.textContent = t[id];
  }
  return true;
}

function overview(c: Ctx): Node[] {
  const v = c.view;
  const live = c.live?.state === 'ok' ? c.live : undefined;
  return [
    facts([
      ['Engine', `${v.engine.name} (${v.engine.kind})`],
      ['State', liveState(c.live)],
      ['IPv4', live ? live.ipv4.join(', ') || '—' : '—'],
      ['PID', live?.pid ? String(live.pid) : '—'],
      ...statsFacts(live),
      ['Image', v.image ?? '—'],
      ['Architecture', v.architecture],
      ['Created', formatDate(v.createdAt)],
      ['Description', v.description || '—'],
      ['Flags', [v.ephemeral ? 'ephemeral' : '', v.stateful ? 'stateful' : ''].filter(Boolean).join(', ') || 'none'],
    ]),
    buttonRow(
      // Start only when the engine answered that it is stopped: not while its state is unknown (unreachable, still reading).
      button({ id: 'start', label: 'Start', icon: 'debug-start', disabled: c.busy || live?.running !== false, onClick: () => void c.run({ type: 'lifecycle', action: 'start' }) }),
      button({ id: 'stop', label: 'Stop', icon: 'debug-stop', secondary: true, disabled: c.busy || live?.running !== true, onClick: () => void c.run({ type: 'lifecycle', action: 'stop' }) }),
      button({ id: 'restart', label: 'Restart', icon: 'debug-restart', secondary: true, disabled: c.busy || live?.running !== true, onClick: () => void c.run({ type: 'lifecycle', action: 'restart' }) }),
      button({ id: 'open-shell', label: 'Open Shell', icon: 'terminal', secondary: true, disabled: c.busy || live?.running !== true, onClick: () => void c.run({ type: 'openShell' }) }),
    ),
  ];
}

function profiles(c: Ctx): Node[] {
  const p = c.view.profiles;
  const move = (i: number, by: number) => {
    const next = [...p];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    void c.run({ type: 'setProfiles', profiles: next }, { edit: true });
  };
  return [
    h('p', { class: 'muted' }, 'Applied in this order: later profiles override earlier ones, and the container\'s own keys override them all.'),
    p.length
      ? h('ol', { id: 'profiles', class: 'rows', attrs: { 'aria-label': 'Applied profiles, in order' } }, ...p.map((name, i) =>
          h('li', {},
            icon('layers'),
            h('span', { class: 'grow' }, name),
            button({ id: `prof-open-${i}`, label: 'Open', secondary: true, ariaLabel: `Open details of profile ${name}`, disabled: c.busy, onClick: () => void c.run({ type: 'openProfile', profile: name }) }),
            button({ id: `prof-up-${i}`, label: 'Up', secondary: true, ariaLabel: `Move ${name} up`, disabled: c.busy || i === 0, onClick: () => move(i, -1) }),
            button({ id: `prof-down-${i}`, label: 'Down', secondary: true, ariaLabel: `Move ${name} down`, disabled: c.busy || i === p.length - 1, onClick: () => move(i, 1) }),
            button({ id: `prof-remove-${i}`, label: 'Remove', secondary: true, ariaLabel: `Remove profile ${name}`, disabled: c.busy, onClick: () => void c.run({ type: 'removeProfile', profile: name }, { edit: true }) }),
          )))
      : h('p', { class: 'muted' }, 'No profiles applied.'),
    h('h3', {}, 'Add a profile'),
    c.view.availableProfiles.length
      ? h('ul', { id: 'available-profiles', class: 'rows' }, ...c.view.availableProfiles.map((name, i) =>
          h('li', {}, icon('layers'), h('span', { class: 'grow' }, name),
            button({ id: `prof-add-${i}`, label: 'Apply last', ariaLabel: `Apply profile ${name} last`, disabled: c.busy, onClick: () => void c.run({ type: 'addProfile', profile: name }, { edit: true }) }))))
      : h('p', { class: 'muted' }, `Every profile of ${c.view.engine.name} is applied.`),
    c.errors.profile ? h('p', { class: 'field-error', attrs: { role: 'alert' } }, c.errors.profile) : null,
  ].filter((n): n is HTMLElement => n !== null);
}

function snapshots(c: Ctx): Node[] {
  const s = c.view.snapshots;
  return [
    s.length
      ? h('ul', { id: 'snapshots', class: 'rows', attrs: { 'aria-label': 'Snapshots, oldest first' } }, ...s.map((name, i) =>
          h('li', {}, icon('history'), h('span', { class: 'grow' }, name),
            button({ id: `snap-restore-${i}`, label: 'Restore', secondary: true, ariaLabel: `Restore snapshot ${name}`, disabled: c.busy, onClick: () => void c.run({ type: 'restoreSnapshot', snapshot: name }) }),
            button({ id: `snap-delete-${i}`, label: 'Delete', secondary: true, ariaLabel: `Delete snapshot ${name}`, disabled: c.busy, onClick: () => void c.run({ type: 'deleteSnapshot', snapshot: name }) }))))
      : h('p', { class: 'muted' }, 'No snapshots.'),
    textField({ id: 'snap-name', label: 'New snapshot name', maxLength: OBJECT_LIMITS.name, value: c.draft.snapshot, placeholder: 'before-upgrade', error: c.errors.snapshot, disabled: c.busy, onInput: (snapshot) => c.edit({ snapshot }) }),
    buttonRow(button({ id: 'snap-create', label: 'Create snapshot', icon: 'device-camera', disabled: c.busy, onClick: () => void c.run({ type: 'createSnapshot', snapshot: c.draft.snapshot }).then((r) => { if (r.ok) c.edit({ snapshot: '' }, true); }) })),
  ];
}

function origin(o: string, overrides: string[]): string {
  return overrides.length ? `${o} (overrides ${overrides.join(', ')})` : o;
}

function effective(c: Ctx): Node[] {
  const e = c.view.effective;
  const rows: KeyValue[] = e.config.map((x) => ({ key: x.key, value: x.value }));
  return [
    e.missingProfiles.length ? h('p', { class: 'error-text', attrs: { role: 'status' } }, `Profiles not in the catalog (skipped): ${e.missingProfiles.join(', ')}`) : null,
    h('h3', {}, 'Config'),
    keyValueTable('effective-config', 'Effective configuration with the origin of each value', rows, { header: 'From', cell: (i) => origin(e.config[i].origin, e.config[i].overrides) }),
    h('h3', {}, 'Devices'),
    ...e.devices.map((d, i) => h('div', { class: 'device' },
      h('h4', {}, `${d.name} — from ${origin(d.origin, d.overrides)}`),
      keyValueTable(`effective-device-${i}`, `Effective settings of device ${d.name}`, d.config))),
  ].filter((n): n is HTMLElement => n !== null);
}

/** The other containers sharing one network or volume (the "who else is on br0" answer), or a note that there are none. */
function others(c: Ctx, id: string, what: string, list: ContainerLink[]): HTMLElement {
  const links = containerLinks(c, { id, label: `Other containers on ${what}`, items: list, none: `No other container uses ${what}.`, noneId: id });
  return h('div', { class: 'others' }, list.length ? h('p', { class: 'muted' }, `Also on ${what}:`) : null, links);
}

function uses(c: Ctx): Node[] {
  const u = c.view.uses;
  return [
    h('h3', {}, 'Networks'),
    u.networks.length
      ? h('ul', { id: 'uses-networks', class: 'rows' }, ...u.networks.map((n, i) =>
          h('li', {}, icon('globe'), h('span', { class: 'grow' }, `${n.name} (device ${n.device})`),
            n.id ? button({ id: `net-open-${i}`, label: 'Open', secondary: true, ariaLabel: `Open network ${n.name}`, disabled: c.busy, onClick: () => void c.run({ type: 'openNetwork', network: n.id }) }) : h('span', { class: 'muted' }, 'not in the catalog'),
            others(c, `net-others-${i}`, n.name, n.others))))
      : h('p', { class: 'muted' }, 'No network.'),
    h('h3', {}, 'Root disk'),
    u.rootPool
      ? h('ul', { id: 'uses-root', class: 'rows' }, h('li', {}, icon('database'), h('span', { class: 'grow' }, `In pool ${u.rootPool.name} (device ${u.rootPool.device})`),
          u.rootPool.id ? button({ id: 'root-pool-open', label: 'Open', secondary: true, ariaLabel: `Open storage pool ${u.rootPool.name}`, disabled: c.busy, onClick: () => void c.run({ type: 'openPool', pool: u.rootPool?.id }) }) : h('span', { class: 'muted' }, 'not in the catalog')))
      : h('p', { id: 'uses-root', class: 'muted' }, 'No root disk device (the engine decides where it lives).'),
    h('h3', {}, 'Storage volumes'),
    u.volumes.length
      ? h('ul', { id: 'uses-volumes', class: 'rows' }, ...u.volumes.map((v, i) =>
          h('li', {}, icon('archive'), h('span', { class: 'grow' }, `${v.volume} in pool ${v.pool} (device ${v.device})`),
            v.id ? button({ id: `vol-open-${i}`, label: 'Open', secondary: true, ariaLabel: `Open volume ${v.volume}`, disabled: c.busy, onClick: () => void c.run({ type: 'openVolume', volume: v.id }) }) : h('span', { class: 'muted' }, 'not in the catalog'),
            others(c, `vol-others-${i}`, `${v.pool}/${v.volume}`, v.others))))
      : h('p', { class: 'muted' }, 'No custom volume.'),
    h('h3', {}, 'Profiles'),
    h('p', {}, u.profiles.join(', ') || 'none'),
    h('h3', {}, 'Image'),
    h('p', {}, u.image ?? '—'),
  ];
}

export function startContainerPanel(): void {
  startPanel<ContainerView, ContainerLive, ContainerDraft>({
    draftOf: () => ({ key: '', value: '', device: '', deviceConfig: '', snapshot: '' }),
    updateLive: updateStatsInPlace,
    render: (c) => {
      const bodies = [
        overview(c),
        configEditor(c, c.view.config, 'Configuration keys of the container'),
        devicesEditor(c, c.view.devices, { none: 'No devices of its own (profiles may add some: see Effective config).' }),
        profiles(c),
        snapshots(c),
        effective(c),
        uses(c),
      ];
      return [
        h('header', {}, h('h1', {}, icon('vm'), ' ', c.view.name), h('p', { class: 'muted' }, `Container on ${c.view.engine.name}`), liveState(c.live)),
        tabs(c, TABS, bodies),
      ];
    },
  });
}
