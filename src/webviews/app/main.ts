// Browser side of the detail panels.
import '@vscode-elements/elements/dist/vscode-button/index.js';
