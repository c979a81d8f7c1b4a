import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import { describeViewQuery, isUnfiltered, readViewQuery, type ViewQuery, type ViewSpec } from '../../../shared/viewQuery';

/** The views that filter, sort and group; also the key of their settings and workspace state. */
export type QueryableView = 'containers' | 'imageSources' | 'registries';

/**
 * One view's filter, sort and grouping: kept per workspace (workspaceState, so it survives reloads),
 * starting from the settings `containerCatalog.views.<view>.{filter,sort,group}` when nothing is kept,
 * shown in the view's description ("filtered: running · by state"), with the context key
 * `containerCatalog.<view>.queried` for the title's clear action. The three views share this class.
 */
export class ViewQueryState<Row> extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<ViewQuery>());
  readonly onDidChange = this.changed.event;
  private current: ViewQuery;
  private view: vscode.TreeView<unknown> | undefined;

  constructor(
    readonly key: QueryableView,
    readonly spec: ViewSpec<Row>,
    private readonly memento: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.current = this.restore();
    this.register(vscode.workspace.onDidChangeConfiguration((e) => {
      // New defaults apply at once when the user has not chosen a query in this workspace.
      if (e.affectsConfiguration(`containerCatalog.views.${key}`) && this.memento.get(this.stateKey) === undefined) this.apply(this.defaults(), false);
    }));
  }

  private get stateKey(): string {
    return `containerCatalog.viewQuery.${this.key}`;
  }

  get query(): ViewQuery {
    return this.current;
  }

  /** Shows the query in this tree view's description from now on. */
  attach(view: vscode.TreeView<unknown>): void {
    this.view = view;
    this.show();
  }

  /** Replaces the query (already validated against the spec) and keeps it for this workspace. */
  set(query: ViewQuery): ViewQuery {
    return this.apply(query, true);
  }

  /** No filter; sort and grouping back to the settings' defaults. */
  clear(): ViewQuery {
    const d = this.defaults();
    return this.apply({ sort: d.sort, group: d.group }, true);
  }

  /** The settings' defaults; a bad setting is logged and ignored (the view must still show). */
  defaults(): ViewQuery {
    const c = vscode.workspace.getConfiguration(`containerCatalog.views.${this.key}`);
    const raw: Record<string, unknown> = {};
    for (const k of ['sort', 'group'] as const) {
      const v = c.get<string>(k);
      if (v) raw[k] = v;
    }
    const fields = c.get<Record<string, unknown>>('filter');
    if (fields && Object.keys(fields).length) raw.fields = fields;
    try {
      return readViewQuery(this.spec, raw, `setting containerCatalog.views.${this.key}`);
    } catch (e) {
      this.log.warn((e as Error).message);
      return {};
    }
  }

  private restore(): ViewQuery {
    const kept = this.memento.get<unknown>(this.stateKey);
    if (kept === undefined) return this.defaults();
    try {
      return readViewQuery(this.spec, kept, `kept ${this.spec.name} query`);
    } catch (e) {
      // Kept by an older build or edited by hand: start from the defaults rather than fail the view.
      this.log.warn((e as Error).message);
      return this.defaults();
    }
  }

  private apply(query: ViewQuery, keep: boolean): ViewQuery {
    this.current = query;
    if (keep) void this.memento.update(this.stateKey, query);
    this.show();
    this.changed.fire(query);
    return query;
  }

  private show(): void {
    const shown = describeViewQuery(this.spec, this.current);
    if (this.view) this.view.description = shown || undefined;
    void vscode.commands.executeCommand('setContext', `containerCatalog.${this.key}.queried`, !isUnfiltered(this.current) || shown !== '');
  }
}
