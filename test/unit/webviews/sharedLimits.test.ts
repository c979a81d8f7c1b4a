import * as assert from 'node:assert/strict';
import { keyProblem, nameProblem, OBJECT_LIMITS, valueProblem } from '../../../src/containers/objectRules';
import { profileFromYaml } from '../../../src/containers/yamlShapes';
import { validateContainerMessage } from '../../../src/webviews/container/validateContainerMessage';
import { engineObjectId, parseEngineObjectId } from '../../../src/webviews/engineObjectId';
import { validateProfileMessage } from '../../../src/webviews/profile/validateProfileMessage';
import { restoredId } from '../../../src/webviews/restoredId';
import { parseStorageVolumeId, storageVolumeId } from '../../../src/webviews/storage/storageVolumeId';

const version = 'ab12';
const quoted = (s: string) => JSON.stringify(s);

/** Does the profile YAML import take this config key, name or value? */
function importTakes(yaml: string): boolean {
  try {
    profileFromYaml(yaml);
    return true;
  } catch {
    return false;
  }
}

describe('one set of limits: what the YAML import takes, the panels take', () => {
  const names = ['web', 'p'.repeat(200), 'p'.repeat(201), 'ü'.repeat(OBJECT_LIMITS.name), 'n'.repeat(OBJECT_LIMITS.name + 1), 'a@b:c+d', '_x', '..', '.x', 'a b', 'a/b', 'bell\u0007', ''];
  const keys = ['user.x', `user.${'k'.repeat(OBJECT_LIMITS.key - 5)}`, `user.${'k'.repeat(OBJECT_LIMITS.key - 4)}`, '__proto__', 'user.a\u0001', 'user x'];
  const values = ['1.10', 'multi\nline\twith tab', 'v'.repeat(OBJECT_LIMITS.value), 'nul\u0000', 'esc\u001b[0m'];

  it('every name the import takes has a panel id, opens from a container panel and is removable there', () => {
    for (const name of names) {
      const imported = importTakes(`name: ${quoted(name)}\ndevices:\n  ${quoted(name)}:\n    type: disk\n`);
      assert.equal(imported, nameProblem(name) === undefined, `import and the core disagree on ${quoted(name.slice(0, 20))}`);
      if (!imported) continue;
      assert.deepEqual(parseEngineObjectId(engineObjectId(7, name)), { engineId: 7, name }, name.slice(0, 20));
      assert.equal(restoredId({ id: engineObjectId(7, name) }), engineObjectId(7, name));
      const volume = storageVolumeId(7, name, 'custom', `${name}/${name}`);
      assert.deepEqual(parseStorageVolumeId(volume), { engineId: 7, pool: name, type: 'custom', name: `${name}/${name}` });
      for (const m of [
        { type: 'openProfile', requestId: 1, profile: name },
        { type: 'setProfiles', requestId: 1, version, profiles: [name, 'default'] },
        { type: 'removeDevice', requestId: 1, version, device: name },
        { type: 'deleteSnapshot', requestId: 1, snapshot: name },
        { type: 'openContainer', requestId: 1, container: engineObjectId(7, name) },
      ]) {
        const r = validateContainerMessage(m);
        assert.ok(r.ok, `${m.type} refused ${quoted(name.slice(0, 20))}: ${r.ok ? '' : r.error}`);
      }
      assert.ok(validateProfileMessage({ type: 'openContainer', requestId: 1, container: engineObjectId(7, name) }).ok);
    }
  });

  it('every config key and value the import takes can be set and unset from a panel', () => {
    for (const key of keys) {
      const imported = importTakes(`name: p\nconfig:\n  ${quoted(key)}: v\n`);
      assert.equal(imported, keyProblem(key) === undefined, quoted(key.slice(0, 20)));
      if (!imported) continue;
      for (const m of [
        { type: 'unsetConfig', requestId: 1, version, key },
        { type: 'setConfig', requestId: 1, version, key, value: 'v' },
        { type: 'addDevice', requestId: 1, version, device: 'd', config: { type: 'disk', [key]: 'v' } },
      ]) assert.ok(validateProfileMessage(m).ok, `${m.type} refused ${quoted(key.slice(0, 20))}`);
    }
    for (const value of values) {
      const imported = importTakes(`name: p\ndescription: ${quoted(value)}\nconfig:\n  user.v: ${quoted(value)}\ndevices:\n  d:\n    type: disk\n    user.v: ${quoted(value)}\n`);
      assert.equal(imported, valueProblem(value) === undefined, quoted(value.slice(0, 20)));
      if (!imported) continue;
      for (const m of [
        { type: 'setConfig', requestId: 1, version, key: 'user.v', value },
        { type: 'setDescription', requestId: 1, version, description: value },
        { type: 'addDevice', requestId: 1, version, device: 'd', config: { type: 'disk', 'user.v': value } },
      ]) {
        const r = validateProfileMessage(m);
        assert.ok(r.ok, `${m.type} refused ${quoted(value.slice(0, 20))}: ${r.ok ? '' : r.error}`);
      }
    }
  });
});
