import * as assert from 'node:assert/strict';
import { checkDigest, checkRelativePath, digestFileName, extensionOf, isDigestFileName, resolveUnder } from '../../../src/images/catalogNames';
import { digestFromSingle, digestFromSums } from '../../../src/images/digestFiles';

describe('images: untrusted names from catalogs', () => {
  it('rejects "..", absolute paths and odd characters in catalog paths', () => {
    assert.equal(checkRelativePath('x', 'images/alpine/3.20/amd64/default/20260101_0312/rootfs.tar.xz'),
      'images/alpine/3.20/amd64/default/20260101_0312/rootfs.tar.xz');
    for (const bad of ['../etc/passwd', 'images/../../x', '/etc/passwd', 'a/./b', 'a//b', 'a/b/', 'a\\b', 'a/%2e%2e/b',
      'a b', 'a/\u0000', '', 'a/b?x=1', 'a/#b']) {
      assert.throws(() => checkRelativePath('cat', bad), /cat: /, JSON.stringify(bad));
    }
    assert.throws(() => resolveUnder('cat', 'http://h/ss', '../x'), /contains "\.\."/);
    assert.equal(resolveUnder('cat', 'http://h/ss', 'images/a.tar.xz'), 'http://h/ss/images/a.tar.xz');
  });

  it('accepts only hex digests of the right length and names files only after them', () => {
    const d = 'a'.repeat(64);
    assert.equal(checkDigest('x', 'SHA256', d.toUpperCase()), d);
    for (const bad of ['a'.repeat(63), `${'a'.repeat(63)}g`, '../../etc', `${'a'.repeat(64)}/`]) {
      assert.throws(() => checkDigest('x', 'SHA256', bad), /is not a SHA256 digest/);
    }
    assert.equal(digestFileName('sha256', d, 'tar.xz'), `sha256_${d}.tar.xz`);
    assert.throws(() => digestFileName('md5', d, 'tar.xz'), /unsupported digest algorithm/);
    assert.throws(() => digestFileName('SHA256', d, '../x'), /extension/);
    assert.equal(extensionOf('http://h/a/rootfs.tar.xz?x'), 'tar.xz');
    assert.equal(extensionOf('http://h/a/evil.sh'), 'bin');
    assert.equal(isDigestFileName(`sha256_${d}.tar.xz`), true);
    assert.equal(isDigestFileName(`sha256_${d}.tar.xz/../../x`), false);
    assert.equal(isDigestFileName('catalog.db'), false);
  });

  it('reads SHA256SUMS in GNU and BSD styles and single .sha256 files', () => {
    const d = 'b'.repeat(64);
    assert.equal(digestFromSums('u', `${'c'.repeat(64)}  other\n${d} *img.tar.gz\n`, 'img.tar.gz'), d);
    assert.equal(digestFromSums('u', `SHA256 (img.tar.gz) = ${d}\n`, 'img.tar.gz'), d);
    assert.throws(() => digestFromSums('http://h/SHA256SUMS', `${d}  a\n`, 'img.tar.gz'), /http:\/\/h\/SHA256SUMS: no checksum listed for "img\.tar\.gz"/);
    assert.equal(digestFromSingle('u', `${d}  img.tar.gz\n`), d);
    assert.throws(() => digestFromSingle('http://h/x.sha256', '\n'), /empty/);
  });
});
