import * as vscode from 'vscode';
import { Disposable } from './disposable';

/**
 * A view whose tree has no items, so VS Code shows the view's `viewsWelcome` content. Used for a
 * contributed view until its capability registers the real tree (then that line in extension.ts
 * is replaced by the capability's `register…(deps)`).
 */
export class EmptyTreeView extends Disposable implements vscode.TreeDataProvider<never> {
  constructor(viewId: string) {
    super();
    this.register(vscode.window.createTreeView(viewId, { treeDataProvider: this }));
  }

  getTreeItem(element: never): vscode.TreeItem {
    return element;
  }

  getChildren(): never[] {
    return [];
  }
}
