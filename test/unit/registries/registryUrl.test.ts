import * as assert from 'node:assert/strict';
import { normalizeRegistryUrl, RegistryUrlError } from '../../../src/registries/registryUrl';

describe('registries: URL normalisation', () => {
  const OK: [string, { key: string; apiBase: string; referenceHost: string }][] = [
    ['docker.io', { key: 'docker.io', apiBase: 'https://registry-1.docker.io', referenceHost: 'docker.io' }],
    ['https://index.docker.io/v1/', { key: 'docker.io', apiBase: 'https://registry-1.docker.io', referenceHost: 'docker.io' }],
    ['registry-1.docker.io', { key: 'docker.io', apiBase: 'https://registry-1.docker.io', referenceHost: 'docker.io' }],
    ['Docker.IO/', { key: 'docker.io', apiBase: 'https://registry-1.docker.io', referenceHost: 'docker.io' }],
    ['ghcr.io', { key: 'ghcr.io', apiBase: 'https://ghcr.io', referenceHost: 'ghcr.io' }],
    ['https://quay.io/', { key: 'quay.io', apiBase: 'https://quay.io', referenceHost: 'quay.io' }],
    ['https://quay.io:443/v2/', { key: 'quay.io', apiBase: 'https://quay.io', referenceHost: 'quay.io' }],
    ['localhost:5000', { key: 'localhost:5000', apiBase: 'http://localhost:5000', referenceHost: 'localhost:5000' }],
    ['127.0.0.1:5100', { key: '127.0.0.1:5100', apiBase: 'http://127.0.0.1:5100', referenceHost: '127.0.0.1:5100' }],
    ['http://127.0.0.1:5100', { key: '127.0.0.1:5100', apiBase: 'http://127.0.0.1:5100', referenceHost: '127.0.0.1:5100' }],
    ['https://127.0.0.1:5104', { key: 'https://127.0.0.1:5104', apiBase: 'https://127.0.0.1:5104', referenceHost: '127.0.0.1:5104' }],
    ['registry.example.com:8443', { key: 'registry.example.com:8443', apiBase: 'https://registry.example.com:8443', referenceHost: 'registry.example.com:8443' }],
    ['http://reg.lan:5000', { key: 'http://reg.lan:5000', apiBase: 'http://reg.lan:5000', referenceHost: 'reg.lan:5000' }],
    ['  harbor.corp.example  ', { key: 'harbor.corp.example', apiBase: 'https://harbor.corp.example', referenceHost: 'harbor.corp.example' }],
    ['[::1]:5000', { key: '[::1]:5000', apiBase: 'http://[::1]:5000', referenceHost: '[::1]:5000' }],
  ];
  for (const [input, want] of OK) {
    it(`normalises ${JSON.stringify(input)} to ${want.key}`, () => {
      const e = normalizeRegistryUrl(input);
      assert.deepEqual({ key: e.key, apiBase: e.apiBase, referenceHost: e.referenceHost }, want);
    });
  }

  it('marks Docker Hub and whether the scheme was explicit', () => {
    assert.equal(normalizeRegistryUrl('docker.io').dockerHub, true);
    assert.equal(normalizeRegistryUrl('docker.io:5000').dockerHub, false);
    assert.equal(normalizeRegistryUrl('reg.lan').schemeExplicit, false);
    assert.equal(normalizeRegistryUrl('https://reg.lan').schemeExplicit, true);
  });

  it('drops user:password@ from an address and says so (the password is never kept)', () => {
    for (const input of ['user:pw@reg.example.com', 'https://user:p@ss@reg.example.com/', 'http://u@127.0.0.1:5000']) {
      const e = normalizeRegistryUrl(input);
      assert.equal(e.credentialsDropped, true, input);
      assert.ok(!e.key.includes('@') && !e.apiBase.includes('@'), input);
    }
    assert.equal(normalizeRegistryUrl('https://user:p@ss@reg.example.com/').key, 'reg.example.com');
    assert.equal(normalizeRegistryUrl('reg.example.com').credentialsDropped, false);
  });

  it('writes every spelling of an IP address one way', () => {
    for (const input of ['0177.0.0.1:5000', '2130706433:5000', '0x7f.1:5000', '127.1:5000', '127.0.0.1.:5000']) {
      assert.equal(normalizeRegistryUrl(input).key, '127.0.0.1:5000', input);
    }
    assert.equal(normalizeRegistryUrl('[0:0:0:0:0:0:0:1]:5000').key, '[::1]:5000');
  });

  // Each bad input must be refused with a message that names the wrong part.
  const BAD: [string, RegExp][] = [
    ['', /empty/],
    ['   ', /empty/],
    ['ftp://reg.example.com', /scheme "ftp:\/\/"/],
    ['https:/reg.example.com', /malformed scheme/],
    ['reg.example.com:99999', /port 99999 .*out of range/],
    ['reg.example.com:http', /port "http" .*not a number/],
    ['reg..example.com', /empty part/],
    ['reg_example.com', /invalid part "reg_example"/],
    ['-reg.example.com', /invalid part "-reg"/],
    ['https://user:pw/x@reg.example.com', /"@" that is not before its host/],
    ['reg.123', /IP address "reg.123"/],
    ['https://reg.example.com/team/app', /path "\/team\/app"/],
    ['https://reg.example.com/?x=1', /query or fragment/],
    ['reg example.com', /spaces/],
    ['300.1.1.1:5000', /IP address "300.1.1.1"/],
    ['http://docker.io', /Docker Hub .*https/],
    ['a:b:c', /more than one ":"/],
    ['[::1:5000', /closing "\]"/],
    [':5000', /no host/],
  ];
  for (const [input, message] of BAD) {
    it(`refuses ${JSON.stringify(input)} naming the problem`, () => {
      assert.throws(() => normalizeRegistryUrl(input), (e: unknown) => e instanceof RegistryUrlError && message.test(e.message));
    });
  }
});
