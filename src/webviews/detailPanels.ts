import * as vscode from 'vscode';
import type { Logger } from '../shared/logger';
import { makeNonce } from './nonce';
import { panelHtml } from './panelHtml';
import type { PanelKind } from './protocol';
import { PanelSession } from './panelSession';
import type { PanelLogic, PanelRequest, SessionCounters } from './panelSession';
import { restoredId } from './restoredId';

/** One kind of detail panel: its webview view type (also the serializer key) and its logic. */
export interface PanelType<V, M extends PanelRequest, L = never> {
  readonly kind: PanelKind;
  /** `containerCatalog.panel.<kind>`; also needs `onWebviewPanel:<viewType>` in activationEvents for restore. */
  readonly viewType: string;
  /** Loaded on first use (it pulls in the catalog's entities), never at activation. */
  logic(): Promise<PanelLogic<V, M, L>>;
}

/** Subscribes to catalog changes (the catalog opens lazily, so wiring decides how to reach it). */
export type CatalogChangeSource = (listener: (e: { external: boolean }) => void) => { dispose(): void };

/** What tests read to check that hostile messages were refused. */
export interface OpenPanelInfo {
  kind: PanelKind;
  id: string;
  counters: SessionCounters;
  /** The object as the panel last loaded it from the catalog. */
  view: unknown;
  visible: boolean;
}


interface OpenPanel {
  panel: vscode.WebviewPanel;
  session: PanelSession<unknown, PanelRequest, unknown>;
  kind: PanelKind;
}

/**
 * Opens, reveals and restores detail panels: at most one per object (kind + id). Each panel's page is
 * a shell with a strict CSP; content arrives by message after the page says `ready`.
 */
export class DetailPanels implements vscode.Disposable {
  private readonly open = new Map<string, OpenPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private catalogSubscription: { dispose(): void } | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Logger,
    private readonly catalogChanges: CatalogChangeSource,
  ) {}

  /** Registers the serializer that brings this type's panels back after a window reload. */
  register<V, M extends PanelRequest, L>(type: PanelType<V, M, L>): vscode.Disposable {
    const registration = vscode.window.registerWebviewPanelSerializer(type.viewType, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        let id: string;
        try {
          id = restoredId(state);
          this.log.info(`restoring the ${type.kind} panel of ${id}`);
        } catch (e) {
          this.log.warn(`cannot restore a ${type.kind} panel: ${e instanceof Error ? e.message : String(e)}`);
          panel.dispose();
          return;
        }
        await this.adopt(type, id, panel);
      },
    });
    this.disposables.push(registration);
    return registration;
  }

  /** Opens the panel for one object, or reveals it if it is already open. */
  async show<V, M extends PanelRequest, L>(type: PanelType<V, M, L>, id: string): Promise<void> {
    const existing = this.open.get(key(type.kind, id));
    if (existing) {
      existing.panel.reveal();
      return;
    }
    // Look first, so a stale id never flashes an empty panel.
    const logic = await type.logic();
    const view = await logic.load(id);
    if (view === undefined) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The {0} "{1}" does not exist in the catalog.', logic.noun, id));
      return;
    }
    const panel = vscode.window.createWebviewPanel(type.viewType, logic.title(view), vscode.ViewColumn.Active, this.options());
    await this.adopt(type, id, panel);
  }

  /** Diagnostics for tests: the open panels and how many page messages each accepted or rejected. */
  info(): OpenPanelInfo[] {
    return [...this.open.values()].map((p) => ({
      kind: p.kind,
      id: p.session.id,
      counters: { ...p.session.counters },
      view: p.session.current,
      visible: p.panel.visible,
    }));
  }

  dispose(): void {
    for (const p of this.open.values()) p.panel.dispose();
    this.open.clear();
    this.catalogSubscription?.dispose();
    this.catalogSubscription = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    // No retainContextWhenHidden: the page keeps its edits in webview state and reloads when shown.
    return {
      enableScripts: true,
      enableCommandUris: false,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  private async adopt<V, M extends PanelRequest, L>(type: PanelType<V, M, L>, id: string, panel: vscode.WebviewPanel): Promise<void> {
    const k = key(type.kind, id);
    let logic: PanelLogic<V, M, L>;
    try {
      logic = await type.logic();
    } catch (e) {
      this.log.error(`cannot load the ${type.kind} panel: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      panel.dispose();
      void vscode.window.showErrorMessage(vscode.l10n.t('Cannot open the {0} details: {1}', type.kind, e instanceof Error ? e.message : String(e)));
      return;
    }
    if (this.open.has(k)) {
      // Restored twice, or restored while the user opened it again: keep one.
      panel.dispose();
      this.open.get(k)?.panel.reveal();
      return;
    }
    const session = new PanelSession<V, M, L>(logic, id, {
      post: (message) => void panel.webview.postMessage(message),
      close: (message) => {
        panel.dispose();
        void vscode.window.showInformationMessage(message);
      },
      setTitle: (title) => {
        if (panel.title !== title) panel.title = title;
      },
      log: this.log,
    });
    let title: string | undefined;
    try {
      title = await session.probe();
    } catch (e) {
      this.log.error(`cannot open the ${logic.noun} panel for ${id}: ${e instanceof Error ? e.message : String(e)}`);
      panel.dispose();
      void vscode.window.showErrorMessage(vscode.l10n.t('Cannot open the {0} details: {1}', logic.noun, e instanceof Error ? e.message : String(e)));
      return;
    }
    if (title === undefined) {
      // A restored panel still has its old title: it names the object better than its id does.
      const named = panel.title ? `"${panel.title}"` : `of ${logic.noun} ${id}`;
      panel.dispose();
      void vscode.window.showInformationMessage(vscode.l10n.t('The panel {0} was closed: this {1} no longer exists in the catalog.', named, logic.noun));
      return;
    }
    const entry: OpenPanel = { panel, session: session as unknown as PanelSession<unknown, PanelRequest, unknown>, kind: type.kind };
    this.open.set(k, entry);
    this.ensureCatalogSubscription();
    panel.title = title;
    panel.webview.options = this.options();
    const subscriptions = [
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        session.receive(raw).catch((e: unknown) => this.log.error(`${logic.noun} panel ${id}: ${String(e)}`));
      }),
      panel.onDidChangeViewState((e) => {
        if (!e.webviewPanel.visible) session.hidden();
      }),
    ];
    panel.onDidDispose(() => {
      session.dispose();
      for (const s of subscriptions) s.dispose();
      if (this.open.get(k) === entry) this.open.delete(k);
      if (this.open.size === 0) {
        this.catalogSubscription?.dispose();
        this.catalogSubscription = undefined;
      }
    });
    panel.webview.html = this.html(panel.webview, type.kind, id, title);
  }

  private html(webview: vscode.Webview, kind: PanelKind, id: string, title: string): string {
    const asUri = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...path)).toString();
    return panelHtml(
      { cspSource: webview.cspSource, script: asUri('dist', 'webview.js'), codicons: asUri('dist', 'codicons', 'codicon.css'), style: asUri('media', 'panels.css') },
      { kind, objectId: id, title, nonce: makeNonce() },
    );
  }

  private ensureCatalogSubscription(): void {
    if (this.catalogSubscription) return;
    this.catalogSubscription = this.catalogChanges((e) => {
      for (const p of this.open.values()) {
        p.session.catalogChanged(e.external).catch((err: unknown) => this.log.error(`panel refresh failed: ${String(err)}`));
      }
    });
  }
}

function key(kind: PanelKind, id: string): string {
  return `${kind}\u0000${id}`;
}
