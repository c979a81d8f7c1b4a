import * as vscode from 'vscode';
import type { Inspected, InspectKind } from '../../containers/inspectObject';

/** The URI scheme of inspect documents: `container-catalog-inspect:/<engine>/<kind>/<name>.<json|yaml>`. */
export const INSPECT_SCHEME = 'container-catalog-inspect';

/**
 * Read-only virtual documents holding what an engine said about an object. The text is fetched when a
 * document is opened or refreshed (`refresh` fires the change, VS Code asks again); nothing is stored.
 */
export class InspectDocuments implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly fetch: (engine: string, kind: InspectKind, name: string) => Promise<Inspected>) {}

  static uri(engine: string, kind: InspectKind, name: string, language: Inspected['language']): vscode.Uri {
    return vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${engine}/${kind}/${name}.${language}` });
  }

  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const m = /^\/([^/]+)\/(container|image|network|volume)\/(.+)\.(json|yaml)$/.exec(uri.path);
    if (!m) return vscode.l10n.t('Not an inspect document: {0}', uri.toString());
    try {
      return (await this.fetch(m[1], m[2] as InspectKind, m[3])).text;
    } catch (err) {
      // A document cannot fail to open; say why in it instead.
      return vscode.l10n.t('# Could not inspect {0}: {1}', m[3], err instanceof Error ? err.message : String(err));
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
