import { strict as assert } from 'node:assert';
import { applyViewQuery, describeViewQuery, fieldValues, filterAndSort, readViewQuery } from '../../../src/shared/viewQuery';
import { CONTAINER_VIEW_SPEC, type ContainerViewRow } from '../../../src/containers/containerViewSpec';
import { REGISTRY_VIEW_SPEC, type RegistryViewRow } from '../../../src/registries/registryViewSpec';
import { IMAGE_SOURCE_VIEW_SPEC } from '../../../src/images/imageSourceViewSpec';

const c = (name: string, engine: string, state: string, profiles: string[], created: number | null, kind = 'lxd'): ContainerViewRow => ({ name, engine, kind, state, profiles, created });
const containers = [
  c('web10', 'lxd', 'Running', ['default', 'web'], 3000),
  c('web2', 'lxd', 'Stopped', ['default'], 1000),
  c('db', 'podman', 'Running', [], null, 'podman'),
  c('cache', 'docker', 'unknown', [], 2000, 'docker'),
];
const names = (rows: readonly { name: string }[]): string[] => rows.map((r) => r.name);

describe('view query (filter, sort, group)', () => {
  it('filters by text (any case) and by exact field values, a multi-valued field matching any of its values', () => {
    assert.deepEqual(names(filterAndSort(CONTAINER_VIEW_SPEC, { text: 'WEB' }, containers)), ['web2', 'web10']);
    assert.deepEqual(names(filterAndSort(CONTAINER_VIEW_SPEC, { fields: { state: 'Running' } }, containers)), ['db', 'web10']);
    assert.deepEqual(names(filterAndSort(CONTAINER_VIEW_SPEC, { fields: { profile: 'web' } }, containers)), ['web10']);
    assert.deepEqual(names(filterAndSort(CONTAINER_VIEW_SPEC, { fields: { state: 'Running', engine: 'lxd' }, text: 'web' }, containers)), ['web10']);
    // A field the spec does not know lets nothing through (readViewQuery refuses it before it gets here).
    assert.deepEqual(filterAndSort(CONTAINER_VIEW_SPEC, { fields: { colour: 'red' } }, containers), []);
  });

  it('sorts by name (numeric), state (running first, unknown last) and created (newest first, undated last)', () => {
    assert.deepEqual(names(filterAndSort(CONTAINER_VIEW_SPEC, {}, containers)), ['cache', 'db', 'web2', 'web10']);
    assert.deepEqual(names(filterAndSort(CONTAINER_VIEW_SPEC, { sort: 'state' }, containers)), ['db', 'web10', 'web2', 'cache']);
    assert.deepEqual(names(filterAndSort(CONTAINER_VIEW_SPEC, { sort: 'created' }, containers)), ['web10', 'cache', 'web2', 'db']);
  });

  it('groups: the view\'s own layout is one unnamed group; a row sits in each of its groups; rows without one in "(none)"', () => {
    assert.deepEqual(applyViewQuery(CONTAINER_VIEW_SPEC, { group: 'engine' }, containers).map((g) => [g.name, names(g.rows)]), [[undefined, ['cache', 'db', 'web2', 'web10']]]);
    assert.deepEqual(applyViewQuery(CONTAINER_VIEW_SPEC, { group: 'state', sort: 'created' }, containers).map((g) => [g.name, names(g.rows)]), [
      ['Running', ['web10', 'db']],
      ['Stopped', ['web2']],
      ['unknown', ['cache']],
    ]);
    assert.deepEqual(applyViewQuery(CONTAINER_VIEW_SPEC, { group: 'profile', fields: { engine: 'lxd' } }, containers).map((g) => [g.name, names(g.rows)]), [
      ['default', ['web2', 'web10']],
      ['web', ['web10']],
    ]);
    assert.deepEqual(applyViewQuery(CONTAINER_VIEW_SPEC, { group: 'profile', fields: { engine: 'docker' } }, containers).map((g) => [g.name, names(g.rows)]), [['(none)', ['cache']]]);
  });

  it('offers the values the rows show, narrowed by the other filters but not by the field itself', () => {
    assert.deepEqual(fieldValues(CONTAINER_VIEW_SPEC, {}, containers, 'state'), ['Running', 'Stopped', 'unknown']);
    assert.deepEqual(fieldValues(CONTAINER_VIEW_SPEC, { fields: { state: 'Running' } }, containers, 'state'), ['Running', 'Stopped', 'unknown']);
    assert.deepEqual(fieldValues(CONTAINER_VIEW_SPEC, { fields: { engine: 'lxd' } }, containers, 'profile'), ['default', 'web']);
    assert.deepEqual(fieldValues(CONTAINER_VIEW_SPEC, {}, containers, 'nope'), []);
  });

  it('describes what differs from the default, for the view description', () => {
    assert.equal(describeViewQuery(CONTAINER_VIEW_SPEC, {}), '');
    assert.equal(describeViewQuery(CONTAINER_VIEW_SPEC, { sort: 'name', group: 'engine' }), '');
    assert.equal(describeViewQuery(CONTAINER_VIEW_SPEC, { fields: { state: 'Running' } }), 'filtered: Running');
    assert.equal(describeViewQuery(CONTAINER_VIEW_SPEC, { fields: { state: 'Running' }, text: 'web', group: 'profile', sort: 'created' }), 'filtered: Running, "web" · by profile · sorted by created');
  });

  it('reads a kept or given query strictly: known keys, fields, sorts and groupings only, strings only', () => {
    assert.deepEqual(readViewQuery(CONTAINER_VIEW_SPEC, undefined, 'x'), {});
    assert.deepEqual(readViewQuery(CONTAINER_VIEW_SPEC, { text: '  web ', fields: { state: 'Running', engine: '' }, sort: 'state', group: 'profile' }, 'x'), {
      text: 'web', fields: { state: 'Running' }, sort: 'state', group: 'profile',
    });
    assert.throws(() => readViewQuery(CONTAINER_VIEW_SPEC, [], 'kept'), /kept: a view query must be an object/);
    assert.throws(() => readViewQuery(CONTAINER_VIEW_SPEC, { colour: 'red' }, 'kept'), /unknown key "colour"/);
    assert.throws(() => readViewQuery(CONTAINER_VIEW_SPEC, { fields: { colour: 'red' } }, 'kept'), /the Containers view has no field "colour" \(fields: state, engine, kind, profile\)/);
    assert.throws(() => readViewQuery(CONTAINER_VIEW_SPEC, { fields: { state: 1 } }, 'kept'), /value of field "state" must be a string/);
    assert.throws(() => readViewQuery(CONTAINER_VIEW_SPEC, { sort: 'size' }, 'kept'), /"sort" must be one of name, state, created/);
    assert.throws(() => readViewQuery(CONTAINER_VIEW_SPEC, { group: 'os' }, 'kept'), /"group" must be one of engine, state, profile/);
    assert.throws(() => readViewQuery(CONTAINER_VIEW_SPEC, { text: 'x'.repeat(201) }, 'kept'), /at most 200 characters/);
    // A hostile object cannot slip a field in through the prototype.
    assert.throws(() => readViewQuery(CONTAINER_VIEW_SPEC, { fields: JSON.parse('{"__proto__": "x"}') as object }, 'kept'), /no field "__proto__"/);
  });

  it('registries: by login state, errors first, last verified first; grouped by login', () => {
    const r = (name: string, loggedIn: boolean, verifiedAt: number | null, lastError: string | null = null): RegistryViewRow => ({
      name, url: `http://127.0.0.1/${name}`, loggedIn, username: loggedIn ? 'u' : null, verifiedAt: verifiedAt === null ? null : new Date(verifiedAt), lastError,
    });
    const rows = [r('b', true, 2000), r('a', false, null), r('c', true, 1000, 'unauthorized')];
    assert.deepEqual(names(filterAndSort(REGISTRY_VIEW_SPEC, { fields: { login: 'logged in' } }, rows)), ['b', 'c']);
    assert.deepEqual(names(filterAndSort(REGISTRY_VIEW_SPEC, { sort: 'state' }, rows)), ['c', 'a', 'b']);
    assert.deepEqual(names(filterAndSort(REGISTRY_VIEW_SPEC, { sort: 'verified' }, rows)), ['b', 'c', 'a']);
    assert.deepEqual(applyViewQuery(REGISTRY_VIEW_SPEC, { group: 'login' }, rows).map((g) => [g.name, names(g.rows)]), [['logged in', ['b', 'c']], ['not logged in', ['a']]]);
    assert.deepEqual(applyViewQuery(REGISTRY_VIEW_SPEC, { group: 'flat' }, rows).map((g) => g.name), [undefined]);
  });

  it('image sources: by type and the facets the tree shows; last change newest first; grouped by distribution', () => {
    const s = (name: string, type: string, distribution: string, release: string, arch: string, updateDate: string) => ({ name, type, distribution, release, arch, tags: '', updateDate, creationDate: updateDate });
    const rows = [s('alpine 3.20', 'Builtin', 'alpine', '3.20', 'amd64', '2026-01-02'), s('debian 12', 'Uri', 'debian', '12', 'arm64', '2026-03-01'), s('alpine 3.9', 'Uri', 'alpine', '3.9', 'arm64', '2026-02-01')];
    assert.deepEqual(names(filterAndSort(IMAGE_SOURCE_VIEW_SPEC, { fields: { type: 'Uri', arch: 'arm64' } }, rows)), ['alpine 3.9', 'debian 12']);
    assert.deepEqual(names(filterAndSort(IMAGE_SOURCE_VIEW_SPEC, { sort: 'updated' }, rows)), ['debian 12', 'alpine 3.9', 'alpine 3.20']);
    assert.deepEqual(applyViewQuery(IMAGE_SOURCE_VIEW_SPEC, { group: 'distribution' }, rows).map((g) => [g.name, names(g.rows)]), [['alpine', ['alpine 3.9', 'alpine 3.20']], ['debian', ['debian 12']]]);
    assert.deepEqual(fieldValues(IMAGE_SOURCE_VIEW_SPEC, { fields: { os: 'alpine' } }, rows, 'release'), ['3.9', '3.20']);
  });
});
