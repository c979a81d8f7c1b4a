import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containerKitDatabasePath, findContainerKitDatabase } from '../../../src/registries/containerKitPlace';

// Container Kit is a Tauri app (identifier com.ethercorps.container-kit) whose SQL plugin opens
// `sqlite:container-kit.db` under the app's config folder; these are the places that makes on each OS.
describe('registries: where Container Kit keeps its database', () => {
  it('macOS: ~/Library/Application Support/com.ethercorps.container-kit/container-kit.db, whatever XDG says', () => {
    assert.equal(containerKitDatabasePath({ XDG_CONFIG_HOME: '/x/config' }, 'darwin', '/Users/ann'),
      '/Users/ann/Library/Application Support/com.ethercorps.container-kit/container-kit.db');
  });

  it('Linux: $XDG_CONFIG_HOME, or ~/.config when it is unset or empty', () => {
    assert.equal(containerKitDatabasePath({ XDG_CONFIG_HOME: '/x/config' }, 'linux', '/home/ann'), '/x/config/com.ethercorps.container-kit/container-kit.db');
    assert.equal(containerKitDatabasePath({}, 'linux', '/home/ann'), '/home/ann/.config/com.ethercorps.container-kit/container-kit.db');
    assert.equal(containerKitDatabasePath({ XDG_CONFIG_HOME: '' }, 'linux', '/home/ann'), '/home/ann/.config/com.ethercorps.container-kit/container-kit.db');
    assert.equal(containerKitDatabasePath({}, 'freebsd', '/home/ann'), '/home/ann/.config/com.ethercorps.container-kit/container-kit.db');
  });

  it('Windows: %APPDATA% (Roaming), or <home>\\AppData\\Roaming when it is unset; backslashes throughout', () => {
    assert.equal(containerKitDatabasePath({ APPDATA: 'C:\\Users\\ann\\AppData\\Roaming', LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' }, 'win32', 'C:\\Users\\ann'),
      'C:\\Users\\ann\\AppData\\Roaming\\com.ethercorps.container-kit\\container-kit.db');
    assert.equal(containerKitDatabasePath({}, 'win32', 'C:\\Users\\ann'), 'C:\\Users\\ann\\AppData\\Roaming\\com.ethercorps.container-kit\\container-kit.db');
  });

  it('finds the file only when it is there', () => {
    const home = mkdtempSync(join(tmpdir(), 'cc-kit-place-'));
    try {
      const env = { XDG_CONFIG_HOME: join(home, 'config') };
      assert.equal(findContainerKitDatabase(env, 'linux'), undefined);
      mkdirSync(join(home, 'config', 'com.ethercorps.container-kit'), { recursive: true });
      assert.equal(findContainerKitDatabase(env, 'linux'), undefined, 'the folder alone is not a database');
      writeFileSync(join(home, 'config', 'com.ethercorps.container-kit', 'container-kit.db'), '');
      assert.equal(findContainerKitDatabase(env, 'linux'), join(home, 'config', 'com.ethercorps.container-kit', 'container-kit.db'));
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
