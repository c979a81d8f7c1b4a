import * as assert from 'node:assert/strict';
import { contentSecurityPolicy, escapeHtml, panelHtml } from '../../../src/webviews/panelHtml';
import { makeNonce } from '../../../src/webviews/nonce';

const res = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  script: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  codicons: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/codicons/codicon.css',
  style: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/panels.css',
};

describe('panel HTML shell', () => {
  it('has a CSP with default-src none, a nonce for scripts and the webview source for styles, fonts and images', () => {
    const csp = contentSecurityPolicy(res.cspSource, 'N0nce');
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /script-src 'nonce-N0nce'(;|$)/);
    assert.match(csp, new RegExp(`style-src ${res.cspSource.replace(/[.+]/g, '\\$&')};`));
    assert.match(csp, /font-src https:\/\/file\+/);
    assert.match(csp, /img-src https:\/\/file\+/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  });

  it('loads only the nonce\'d bundle, with no inline script, style or handler', () => {
    const html = panelHtml(res, { kind: 'registry', objectId: '0190-ab', title: 'Registry', nonce: 'abc+/=' });
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0], /nonce="abc\+\/="/);
    assert.match(scripts[0], /src="https:\/\/file\+\.vscode-resource[^"]+\/dist\/webview\.js"/);
    assert.match(html, /<\/script>\s*<\/body>/);
    assert.doesNotMatch(html, /<style|\son[a-z]+=|style="/i);
    assert.match(html, /<link rel="stylesheet" id="vscode-codicon-stylesheet" href="[^"]+codicon\.css">/);
  });

  it('escapes the title and the object id', () => {
    const html = panelHtml(res, { kind: 'registry', objectId: '"><script>alert(1)</script>', title: '</title><script>x</script>', nonce: 'n' });
    assert.equal((html.match(/<script\b/g) ?? []).length, 1);
    assert.match(html, /data-object-id="&quot;&gt;&lt;script&gt;/);
    assert.equal(escapeHtml(`<&>"'`), '&lt;&amp;&gt;&quot;&#39;');
  });

  it('makes a fresh 128-bit nonce each time', () => {
    const a = makeNonce();
    const b = makeNonce();
    assert.notEqual(a, b);
    assert.equal(Buffer.from(a, 'base64').length, 16);
    assert.match(a, /^[A-Za-z0-9+/]+=*$/);
  });
});
