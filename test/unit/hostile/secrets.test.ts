import * as assert from 'node:assert/strict';
import { redactingLogger, type Logger } from '../../../src/shared/logger';

const SECRET = 'hunter2-S3cret';
const BASIC = Buffer.from(`alice:${SECRET}`).toString('base64');

describe('hostile input: secrets', () => {
  // The extension wraps its output channel, and the CLI its stderr, with this same logger.
  function capture(): { log: Logger & { appendLine(v: string): void; show(): string }; lines: string[] } {
    const lines: string[] = [];
    const push = (m: string | Error, ...args: unknown[]) => lines.push([m instanceof Error ? `${m.message} | ${m.stack}` : m, ...args.map((a) => (a instanceof Error ? `${a.message} | ${a.stack}` : String(a)))].join(' '));
    const inner = { trace: push, debug: push, info: push, warn: push, error: push, appendLine: (v: string) => lines.push(v), show: () => 'shown' };
    return { log: redactingLogger(inner), lines };
  }

  it('a password, token or Authorization value written to the log is redacted whoever writes it', () => {
    const { log, lines } = capture();
    log.error(`save failed for https://alice:${SECRET}@reg.example.com:5000/v2/ and http://${SECRET}@127.0.0.1/`);
    log.warn(`skipped {"auths": {"reg.lan": {"auth": "${BASIC}", "password": "${SECRET}"}}}`);
    log.info(`token service answered access_token=${SECRET}&expires_in=60; identitytoken: ${SECRET}`);
    log.debug(`sent Authorization: Basic ${BASIC}`);
    log.trace(`header authorization="Bearer eyJhbGciOi.${SECRET}.sig" was rejected`);
    log.error(new Error(`login to https://bob:${SECRET}@ghcr.io failed`));
    log.warn('extra arguments too:', `password=${SECRET}`, { token: SECRET }, new Error(`Bearer ${SECRET}xyz`));
    log.appendLine(`raw line with secret: ${SECRET}`);
    log.error(`cannot reach ssh://carol:${SECRET}@127.0.0.1:5230/run/podman.sock`);
    const all = lines.join('\n');
    assert.ok(!all.includes(SECRET), `a secret reached the log:\n${all}`);
    assert.ok(!all.includes(BASIC), `Basic credentials reached the log:\n${all}`);
    // What is not secret stays readable.
    assert.match(all, /save failed for https:\/\/reg\.example\.com:5000\/v2\/ and http:\/\/127\.0\.0\.1\//);
    assert.match(all, /login to https:\/\/ghcr\.io failed/);
    assert.match(all, /sent Authorization: <redacted>/);
    // An SSH login user is not a secret: it says which account was tried.
    assert.match(all, /cannot reach ssh:\/\/carol@127\.0\.0\.1:5230\/run\/podman\.sock/);
    assert.equal(log.show(), 'shown', 'the other members of the channel pass through');
  });

  it('redaction keeps challenge headers, prose and image references intact', () => {
    const { log, lines } = capture();
    const kept = [
      'registry.example.com asks for a Bearer token but names no token service',
      'Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:team/app:pull"',
      'pulled docker.io/library/busybox@sha256:' + 'b'.repeat(64),
      'Basic auth is not supported here',
    ];
    for (const k of kept) log.info(k);
    assert.deepEqual(lines, kept);
  });
});
