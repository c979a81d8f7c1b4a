import * as assert from 'node:assert/strict';
import { parseAuthChallenges } from '../../../src/registries/authChallenge';

// Spellings seen from real registries and proxies (Docker Hub, GHCR, Quay, Harbor, GitLab, Nexus, Artifactory, distribution).
const TABLE: { header: string | string[]; expect: { scheme: string; params?: Record<string, string>; token68?: string }[] }[] = [
  { header: 'Basic realm="Registry Realm"', expect: [{ scheme: 'basic', params: { realm: 'Registry Realm' } }] },
  { header: 'BASIC realm="Sonatype Nexus Repository Manager"', expect: [{ scheme: 'basic', params: { realm: 'Sonatype Nexus Repository Manager' } }] },
  { header: 'Basic', expect: [{ scheme: 'basic', params: {} }] },
  { header: 'basic realm=artifactory', expect: [{ scheme: 'basic', params: { realm: 'artifactory' } }] },
  { header: 'Bearer realm="https://auth.docker.io/token"', expect: [{ scheme: 'bearer', params: { realm: 'https://auth.docker.io/token' } }] },
  {
    header: 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io"',
    expect: [{ scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io' } }],
  },
  {
    header: 'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:user/image:pull"',
    expect: [{ scheme: 'bearer', params: { realm: 'https://ghcr.io/token', service: 'ghcr.io', scope: 'repository:user/image:pull' } }],
  },
  {
    header: 'Bearer scope="repository:a/b:pull",service="quay.io",realm="https://quay.io/v2/auth"',
    expect: [{ scheme: 'bearer', params: { realm: 'https://quay.io/v2/auth', service: 'quay.io', scope: 'repository:a/b:pull' } }],
  },
  {
    header: 'bearer realm=https://gitlab.example.com/jwt/auth,service=container_registry,scope=repository:g/p:pull',
    expect: [{ scheme: 'bearer', params: { realm: 'https://gitlab.example.com/jwt/auth', service: 'container_registry', scope: 'repository:g/p:pull' } }],
  },
  {
    header: 'Bearer realm = "https://h/service/token" , service = "harbor-registry"',
    expect: [{ scheme: 'bearer', params: { realm: 'https://h/service/token', service: 'harbor-registry' } }],
  },
  {
    header: 'Bearer realm="http://127.0.0.1:5103/token",service="svc",scope="repository:x:pull",error="invalid_token"',
    expect: [{ scheme: 'bearer', params: { realm: 'http://127.0.0.1:5103/token', service: 'svc', scope: 'repository:x:pull', error: 'invalid_token' } }],
  },
  {
    header: 'Bearer realm="https://r/token",service="s",scope="repository:a:pull repository:b:pull,push"',
    expect: [{ scheme: 'bearer', params: { realm: 'https://r/token', service: 's', scope: 'repository:a:pull repository:b:pull,push' } }],
  },
  {
    header: 'Basic realm="Harbor", Bearer realm="https://h/service/token",service="harbor-registry"',
    expect: [
      { scheme: 'basic', params: { realm: 'Harbor' } },
      { scheme: 'bearer', params: { realm: 'https://h/service/token', service: 'harbor-registry' } },
    ],
  },
  {
    header: ['Negotiate', 'Basic realm="corp"'],
    expect: [
      { scheme: 'negotiate', params: {} },
      { scheme: 'basic', params: { realm: 'corp' } },
    ],
  },
  {
    header: 'Negotiate YIIBhgYGKwYBBQUCoIIBejCCAXagMDAu==, Basic realm="x"',
    expect: [
      { scheme: 'negotiate', token68: 'YIIBhgYGKwYBBQUCoIIBejCCAXagMDAu==', params: {} },
      { scheme: 'basic', params: { realm: 'x' } },
    ],
  },
  { header: 'Basic realm="a \\"quoted\\" realm, with comma"', expect: [{ scheme: 'basic', params: { realm: 'a "quoted" realm, with comma' } }] },
  { header: 'Bearer REALM="https://r/t",Service="s"', expect: [{ scheme: 'bearer', params: { realm: 'https://r/t', service: 's' } }] },
  { header: 'Basic realm=', expect: [{ scheme: 'basic', params: { realm: '' } }] },
  { header: '', expect: [] },
  { header: ' , ,Basic realm="x",, ', expect: [{ scheme: 'basic', params: { realm: 'x' } }] },
];

describe('registries: WWW-Authenticate parsing', () => {
  for (const row of TABLE) {
    it(`parses ${JSON.stringify(row.header)}`, () => {
      const got = parseAuthChallenges(row.header).map((c) => ({ scheme: c.scheme, params: { ...c.params }, ...(c.token68 ? { token68: c.token68 } : {}) }));
      assert.deepEqual(got, row.expect.map((e) => ({ scheme: e.scheme, params: e.params ?? {}, ...(e.token68 ? { token68: e.token68 } : {}) })));
    });
  }

  it('never loops or throws on malformed input', () => {
    for (const junk of ['"', '=', '==,"', 'Bearer realm="unterminated', 'Bearer ,,, =x', '\u0000\u0001']) {
      assert.ok(Array.isArray(parseAuthChallenges(junk)));
    }
    assert.deepEqual(parseAuthChallenges('Bearer realm="unterminated')[0].params, { realm: 'unterminated' });
  });

  it('returns nothing when there is no header', () => {
    assert.deepEqual(parseAuthChallenges(undefined), []);
  });
});
