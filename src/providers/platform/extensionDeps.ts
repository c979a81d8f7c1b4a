import type * as vscode from 'vscode';
import type { Catalog } from '../../store/catalog';
import type { SecretStore } from '../../shared/secrets';
import type { FirstPaintGate } from './firstPaintGate';

/** What every capability's `register…(deps)` receives from extension.ts. */
export interface ExtensionDeps {
  readonly context: vscode.ExtensionContext;
  /** The one output channel ("Container Catalog"); also satisfies the core's Logger. */
  readonly log: vscode.LogOutputChannel;
  /** Opens the catalog on first call (activation never does); later calls share the same instance. */
  readonly catalog: () => Promise<Catalog>;
  /** The catalog if a view or command opened it, without opening it (a revert closes it first). */
  readonly openedCatalog: () => Catalog | undefined;
  /** VS Code SecretStorage: the only place passwords, tokens and pasted keys are kept. */
  readonly secrets: SecretStore;
  /** The views' first paint in this window: background work that opens the catalog waits for it. */
  readonly firstPaint: FirstPaintGate;
}
