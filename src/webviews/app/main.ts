// Browser side of the detail panels: one bundle; <body data-panel> picks the page.
// Only the components the pages use are imported, to keep the bundle small.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-form-group/index.js';
import '@vscode-elements/elements/dist/vscode-form-helper/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { startRegistryPanel } from './registry/registryPage';

// Reports CSP violations to the log: a blocked resource is a bug in the page, not something to ignore.
document.addEventListener('securitypolicyviolation', (e) => {
  console.error(`CSP blocked ${e.blockedURI} (${e.violatedDirective})`);
});

switch (document.body.dataset.panel) {
  case 'registry':
    startRegistryPanel();
    break;
  default:
    document.getElementById('app')?.replaceChildren(`Unknown panel ${document.body.dataset.panel ?? ''}`);
}
