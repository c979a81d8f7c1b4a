import type { RegistryDraft, RegistryLive, RegistryView } from '../../registry/protocol';
import { ago, formatDate, h, plural } from '../dom';
import { button, buttonRow, checkbox, facts, icon, section, textField } from '../fields';
import { startPanel } from '../panelApp';
import type { RenderContext } from '../panelApp';

type Ctx = RenderContext<RegistryView, RegistryLive, RegistryDraft>;

function loginState(v: RegistryView): HTMLElement {
  if (v.loggedIn && v.lastError) {
    return h('span', { class: 'state warning' }, icon('warning'), ` Logged in as ${v.username ?? '?'}, but the last check failed`);
  }
  if (v.loggedIn) return h('span', { class: 'state ok' }, icon('pass'), ` Logged in as ${v.username ?? '?'}`);
  if (v.lastError) return h('span', { class: 'state error' }, icon('error'), ' Login failed');
  return h('span', { class: 'state' }, icon('account'), ' Anonymous');
}

function connection(c: Ctx): HTMLElement {
  const d = c.draft;
  return section(
    'connection',
    'Connection',
    textField({ id: 'name', label: 'Name', maxLength: 200, value: d.name, error: c.errors.name, disabled: c.busy, onInput: (name) => c.edit({ name }) }),
    textField({
      id: 'url',
      label: 'URL',
      maxLength: 2048,
      value: d.url,
      error: c.errors.url,
      disabled: c.busy,
      help: 'A host (ghcr.io, localhost:5000) or a full URL. localhost and 127.0.0.1 use http; other hosts use https.',
      onInput: (url) => c.edit({ url }),
    }),
    checkbox({
      id: 'insecure',
      label: 'Insecure: allow plain http and skip TLS certificate verification',
      checked: d.insecure,
      disabled: c.busy,
      error: c.errors.insecure,
      onChange: (insecure) => c.edit({ insecure }),
    }),
    textField({
      id: 'caFile',
      label: 'CA certificate file',
      maxLength: 4096,
      value: d.caFile,
      error: c.errors.caFile,
      disabled: c.busy,
      placeholder: '/path/to/ca.pem',
      help: 'A PEM file with the certificate authority that signed the registry\'s certificate. Leave empty for the system trust store.',
      onInput: (caFile) => c.edit({ caFile }),
    }),
    buttonRow(
      // Save, like Revert, only once the form differs from the registry (followed while typing, see followDirty).
      button({ id: 'save', label: 'Save', icon: 'save', disabled: c.busy || !c.dirty, enabledWhenDirty: true, onClick: () => void c.run({ type: 'save', ...c.draft }, { edit: true }) }),
      button({ id: 'revert', label: 'Revert', secondary: true, disabled: c.busy || !c.dirty, enabledWhenDirty: true, onClick: () => c.discard() }),
    ),
  );
}

function login(c: Ctx): HTMLElement {
  const v = c.view;
  return section(
    'login',
    'Login',
    facts([
      ['State', loginState(v)],
      ['Username', v.username ?? '—'],
      ['Verified', v.verifiedAt ? `${ago(v.verifiedAt)} (${formatDate(v.verifiedAt)})` : 'never'],
      ['Last error', v.lastError ? h('span', { class: 'error-text' }, v.lastError) : '—'],
    ]),
    buttonRow(
      button({ id: 'login', label: v.loggedIn ? 'Log in again…' : 'Log in…', icon: 'sign-in', disabled: c.busy, onClick: () => void c.run({ type: 'login' }) }),
      button({ id: 'verify', label: 'Verify now', icon: 'refresh', secondary: true, disabled: c.busy, onClick: () => void c.run({ type: 'verify' }) }),
      button({ id: 'logout', label: 'Log out', icon: 'sign-out', secondary: true, disabled: c.busy || !v.loggedIn, onClick: () => void c.run({ type: 'logout' }) }),
    ),
  );
}

function listing(live: RegistryLive | undefined): HTMLElement {
  if (!live) return h('p', { id: 'listing', class: 'muted' }, 'Checking whether this registry lists its repositories…');
  switch (live.listing) {
    case 'allowed':
      return h('p', { id: 'listing' }, live.complete ? `This registry lists ${plural(live.count, 'repository', 'repositories')}.` : `This registry lists ${live.count}+ repositories.`);
    case 'refused':
      return h('p', { id: 'listing' }, `This registry does not list its repositories (${live.reason}). Track the ones you use by name.`);
    case 'error':
      return h('p', { id: 'listing', class: 'error-text' }, `Could not list repositories: ${live.message}`);
  }
}

let trackInput = '';

function repositories(c: Ctx): HTMLElement {
  const v = c.view;
  return section(
    'repositories',
    'Repositories',
    listing(c.live),
    v.tracked.length
      ? h(
          'ul',
          { id: 'tracked', class: 'rows', attrs: { 'aria-label': 'Tracked repositories' } },
          ...v.tracked.map((repo, i) =>
            h(
              'li',
              {},
              icon('repo'),
              h('span', { class: 'grow' }, repo),
              button({
                id: `untrack-${i}`,
                label: 'Untrack',
                secondary: true,
                ariaLabel: `Untrack ${repo}`,
                disabled: c.busy,
                onClick: () => void c.run({ type: 'untrack', repository: repo }),
              }),
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'No repositories tracked by hand.'),
    textField({
      id: 'repository',
      label: 'Track a repository',
      maxLength: 255,
      value: trackInput,
      placeholder: 'library/alpine',
      error: c.errors.repository,
      disabled: c.busy,
      onInput: (value) => { trackInput = value; },
    }),
    buttonRow(
      button({
        id: 'track',
        label: 'Track',
        icon: 'add',
        disabled: c.busy,
        onClick: () => void c.run({ type: 'track', repository: trackInput.trim() }).then((r) => { if (r.ok) { trackInput = ''; } }),
      }),
    ),
  );
}

export function startRegistryPanel(): void {
  startPanel<RegistryView, RegistryLive, RegistryDraft>({
    draftOf: (v) => ({ name: v.name, url: v.url, insecure: v.insecure, caFile: v.caFile ?? '' }),
    // A user:password@ typed into the address is never kept in webview state; the host drops it on save.
    persistable: (d) => ({ ...d, url: d.url.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/?#]*@/i, '$1') }),
    render: (c) => [
      h('header', {}, h('h1', {}, icon('server'), ' ', c.view.name), h('p', { class: 'muted' }, c.view.url), loginState(c.view)),
      connection(c),
      login(c),
      repositories(c),
    ],
  });
}
