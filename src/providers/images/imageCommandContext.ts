import type { ExtensionDeps } from '../platform/extensionDeps';
import type { ImageSourcesTree } from './imageSourcesTree';

/** What every image command handler gets. */
export interface ImageCommandContext {
  readonly deps: ExtensionDeps;
  readonly tree: ImageSourcesTree;
  /** Running downloads by ImageSource Id, for cancel. */
  readonly downloads: Map<string, AbortController>;
  /** The images/ folder in global storage. */
  imagesDir(): Promise<string>;
}
