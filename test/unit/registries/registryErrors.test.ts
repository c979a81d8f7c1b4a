import * as assert from 'node:assert/strict';
import { nextLinkFromHeaders } from '../../../src/registries/linkHeader';
import { validateReference, validateRepositoryName } from '../../../src/registries/repositoryName';
import { errorFromNetwork, errorFromResponse, parseRetryAfter, type RequestContext } from '../../../src/registries/registryErrors';
import { TokenCache } from '../../../src/registries/tokenCache';

// Registries that the peers cannot make misbehave (429, 5xx, DNS) are covered here at the mapping level;
// everything the real peers can produce is covered in registryClient.test.ts.
const res = (status: number, body = '', headers: Record<string, string[]> = {}) => ({ status, headers, body: Buffer.from(body) });
const tagsCtx: RequestContext = { operation: 'tags', registry: 'reg.example.com', repository: 'team/app' };

describe('registries: error messages', () => {
  it('429 says when to retry, from Retry-After seconds or date', () => {
    const e = errorFromResponse(res(429, '{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}', { 'retry-after': ['42'] }), tagsCtx);
    assert.equal(e.kind, 'rateLimited');
    assert.equal(e.retryAfterSeconds, 42);
    assert.match(e.message, /rate limiting .* try again in 42 s/);
    assert.equal(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 10)).toUTCString(), Date.UTC(2030, 0, 1)), 600);
    assert.match(errorFromResponse(res(429, '', { 'retry-after': ['600'] }), tagsCtx).message, /in 10 min/);
  });

  it('5xx names the operation and the registry detail', () => {
    const e = errorFromResponse(res(500, '{"errors":[{"code":"UNKNOWN","message":"upstream"}]}'), tagsCtx);
    assert.equal(e.kind, 'server');
    assert.match(e.message, /internal error \(HTTP 500\) while trying to list the tags of team\/app on reg\.example\.com \(UNKNOWN: upstream\)/);
    // Gateways and unavailable services are not the registry's own error (502 is tested against real nginx too).
    assert.match(errorFromResponse(res(504), tagsCtx).message, /could not reach the registry \(HTTP 504 Gateway Timeout\) while trying to list the tags/);
    assert.match(errorFromResponse(res(503), tagsCtx).message, /is unavailable \(HTTP 503\) while trying to list the tags/);
  });

  it('404/405 on _catalog mean listing is not allowed, with the way out', () => {
    for (const status of [404, 405, 403]) {
      const e = errorFromResponse(res(status), { operation: 'catalog', registry: 'ghcr.io' });
      assert.equal(e.kind, 'catalogNotAllowed');
      assert.match(e.message, /does not allow listing .* Track the repositories/);
    }
  });

  it('DNS failure and refused connection are told apart', () => {
    const url = new URL('https://no-such-host.example/v2/');
    const dns = errorFromNetwork(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }), { ...tagsCtx, url, usingCaFile: false });
    assert.equal(dns.kind, 'dns');
    assert.match(dns.message, /no-such-host\.example could not be resolved/);
    const refused = errorFromNetwork(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), { ...tagsCtx, url, usingCaFile: false });
    assert.equal(refused.kind, 'connectionRefused');
  });

  it('finds the next link in Link headers of several spellings', () => {
    const base = new URL('http://127.0.0.1:5100/v2/_catalog?n=2');
    assert.equal(nextLinkFromHeaders(['</v2/_catalog?last=b&n=2>; rel="next"'], base)?.toString(), 'http://127.0.0.1:5100/v2/_catalog?last=b&n=2');
    assert.equal(nextLinkFromHeaders(['<https://r.example/v2/x/tags/list?last=9>;rel=next'], base)?.toString(), 'https://r.example/v2/x/tags/list?last=9');
    assert.equal(nextLinkFromHeaders(['</a>; rel="prev", </b>; rel="next"'], base)?.pathname, '/b');
    assert.equal(nextLinkFromHeaders(['</a>; rel="prev"'], base), undefined);
    assert.equal(nextLinkFromHeaders(undefined, base), undefined);
  });

  it('validates repository names and references with a reason', () => {
    assert.equal(validateRepositoryName('team/app-1'), undefined);
    assert.equal(validateRepositoryName('a/b/c__d.e'), undefined);
    assert.match(validateRepositoryName('Team/App') ?? '', /lowercase/);
    assert.match(validateRepositoryName('team//app') ?? '', /empty path part/);
    assert.match(validateRepositoryName('team/app:1.0') ?? '', /tag or digest/);
    assert.match(validateRepositoryName('team/-app') ?? '', /part "-app"/);
    assert.equal(validateReference('1.0'), undefined);
    assert.equal(validateReference(`sha256:${'a'.repeat(64)}`), undefined);
    assert.match(validateReference('../etc') ?? '', /neither a tag/);
  });

  it('token cache keeps a token until shortly before it expires', () => {
    let now = 1_000_000;
    const cache = new TokenCache(() => now);
    cache.set('repository:a:pull', 'T', 300);
    now += 200_000;
    assert.equal(cache.get('repository:a:pull'), 'T');
    now += 80_000; // 280 s: inside the safety margin before 300 s
    assert.equal(cache.get('repository:a:pull'), undefined);
  });
});
