// Browser side of the detail panels: one bundle; <body data-panel> picks the page.
// Only the components the pages use are imported, to keep the bundle small.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-form-group/index.js';
import '@vscode-elements/elements/dist/vscode-form-helper/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { send } from './host';
import { startContainerPanel } from './container/containerPage';
import { startLaunchPanel } from './launch/launchPage';
import { startImageSourcePanel } from './images/imageSourcePage';
import { startLocalImagePanel } from './images/localImagePage';
import { startNetworkPanel } from './network/networkPage';
import { startProfilePanel } from './profile/profilePage';
import { startRegistryPanel } from './registry/registryPage';
import { startStoragePoolPanel } from './storage/storagePoolPage';
import { startStorageVolumePanel } from './storage/storageVolumePage';

// Reports CSP violations to the extension's log: a blocked resource is a bug in the page.
document.addEventListener('securitypolicyviolation', (e) => {
  send({ type: 'cspViolation', directive: e.violatedDirective.slice(0, 200), blocked: (e.blockedURI || 'inline').slice(0, 2000) });
});

switch (document.body.dataset.panel) {
  case 'registry':
    startRegistryPanel();
    break;
  case 'network':
    startNetworkPanel();
    break;
  case 'container':
    startContainerPanel();
    break;
  case 'imageSource':
    startImageSourcePanel();
    break;
  case 'localImage':
    startLocalImagePanel();
    break;
  case 'profile':
    startProfilePanel();
    break;
  case 'storagePool':
    startStoragePoolPanel();
    break;
  case 'storageVolume':
    startStorageVolumePanel();
    break;
  case 'launch':
    startLaunchPanel();
    break;
  default:
    document.getElementById('app')?.replaceChildren(`Unknown panel ${document.body.dataset.panel ?? ''}`);
}
