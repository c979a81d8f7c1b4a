import * as vscode from 'vscode';

// Wiring only: every capability registers its own views and commands; nothing heavy runs here.
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Container Catalog', { log: true });
  context.subscriptions.push(log);
}

export function deactivate(): void {
  // The store flushes pending writes here once it exists.
}
