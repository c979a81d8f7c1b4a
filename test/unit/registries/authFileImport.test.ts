import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultAuthFiles, scanAuthFiles } from '../../../src/registries/authFileImport';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('registries: import logins from docker/podman auth files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-authfile-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads inline auths, keeping ":" inside secrets, and names credential-helper entries', async () => {
    const docker = join(dir, 'config.json');
    writeFileSync(
      docker,
      JSON.stringify({
        auths: {
          'https://index.docker.io/v1/': { auth: b64('dockeruser:pa:ss:word') },
          '127.0.0.1:5101': { auth: b64('alice:cc:abc:pw') },
          'ghcr.io': {},
          'quay.io': { identitytoken: 'refresh-token' },
          'bad host!': { auth: b64('x:y') },
          'broken.example.com': { auth: b64('nocolon') },
        },
        credHelpers: { 'gcr.io': 'gcloud', '123.dkr.ecr.us-east-1.amazonaws.com': 'ecr-login' },
        credsStore: 'desktop',
      }),
    );
    const podman = join(dir, 'auth.json');
    writeFileSync(podman, JSON.stringify({ auths: { 'localhost:5000': { username: 'bob', password: 'p:w' } } }));

    const scan = await scanAuthFiles([docker, podman, join(dir, 'missing.json')]);
    assert.deepEqual(scan.filesRead, [docker, podman]);
    assert.deepEqual(
      scan.logins.map((l) => [l.url, l.username, l.secret, l.file]),
      [
        ['docker.io', 'dockeruser', 'pa:ss:word', docker],
        ['127.0.0.1:5101', 'alice', 'cc:abc:pw', docker],
        ['localhost:5000', 'bob', 'p:w', podman],
      ],
    );
    assert.deepEqual(
      scan.helpers.map((h) => [h.registry, h.helper]),
      [
        ['gcr.io', 'docker-credential-gcloud'],
        ['123.dkr.ecr.us-east-1.amazonaws.com', 'docker-credential-ecr-login'],
        ['ghcr.io', 'docker-credential-desktop'],
      ],
    );
    const skipped = Object.fromEntries(scan.skipped.map((s) => [s.registry, s.reason]));
    assert.match(skipped['quay.io'], /identity token/);
    assert.match(skipped['bad host!'], /spaces|invalid/);
    assert.match(skipped['broken.example.com'], /not base64 of user:secret/);
  });

  it('reports malformed files instead of throwing', async () => {
    const f = join(dir, 'config.json');
    writeFileSync(f, '{ not json');
    const scan = await scanAuthFiles([f]);
    assert.equal(scan.logins.length, 0);
    assert.match(scan.skipped[0].reason, /not valid JSON/);
  });

  it('looks where docker and podman look', () => {
    assert.deepEqual(defaultAuthFiles({ XDG_RUNTIME_DIR: '/run/user/1000' }, '/home/u'), [
      '/home/u/.docker/config.json',
      '/run/user/1000/containers/auth.json',
      '/home/u/.config/containers/auth.json',
    ]);
    assert.deepEqual(defaultAuthFiles({ DOCKER_CONFIG: '/d', REGISTRY_AUTH_FILE: '/r/auth.json' }, '/h'), ['/d/config.json', '/r/auth.json', '/h/.config/containers/auth.json']);
  });
});
