import type { PanelKind } from './protocol';

/** Everything the page's HTML references, already converted with `webview.asWebviewUri`. */
export interface PanelResources {
  /** `webview.cspSource`. */
  cspSource: string;
  script: string;
  codicons: string;
  style: string;
}

export interface PanelPage {
  kind: PanelKind;
  objectId: string;
  title: string;
  nonce: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** The CSP: nothing by default; scripts only with this load's nonce; styles, fonts and images only from the extension. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * The shell every panel loads; the page renders itself from the snapshot it receives after `ready`.
 * No inline script or style: the only script is the nonce'd bundle. The codicon link carries the id
 * `vscode-icon` looks for.
 */
export function panelHtml(res: PanelResources, page: PanelPage): string {
  const e = escapeHtml;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${e(contentSecurityPolicy(res.cspSource, page.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${e(res.codicons)}">
<link rel="stylesheet" href="${e(res.style)}">
<title>${e(page.title)}</title>
</head>
<body data-panel="${e(page.kind)}" data-object-id="${e(page.objectId)}">
<main id="app" aria-busy="true"><p class="loading">Loading…</p></main>
<script type="module" nonce="${e(page.nonce)}" src="${e(res.script)}"></script>
</body>
</html>`;
}
