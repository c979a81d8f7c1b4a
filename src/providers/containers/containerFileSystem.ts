import * as vscode from 'vscode';
import type { ContainerFiles } from '../../containers/containerFiles';
import { ContainerFileError } from '../../containers/containerFileError';
import type { ContainerFileType } from '../../containers/containerFiles';
import type { EngineConnection } from '../../containers/engineConnection';
import { formatSize } from '../../shared/formatSize';

/** `container-catalog://<engine>/<container>/<path inside the container>`; the engine name is URI-encoded. */
export const FILES_SCHEME = 'container-catalog';

export function containerFileUri(engine: string, container: string, path: string): vscode.Uri {
  return vscode.Uri.from({ scheme: FILES_SCHEME, authority: encodeURIComponent(engine), path: `/${container}${path.startsWith('/') ? path : `/${path}`}` });
}

function parts(uri: vscode.Uri): { engine: string; container: string; path: string } {
  const m = /^\/([^/]+)(\/.*)?$/.exec(uri.path);
  if (!m) throw vscode.FileSystemError.FileNotFound(uri);
  return { engine: decodeURIComponent(uri.authority), container: m[1], path: m[2] ?? '/' };
}

const TYPES: Record<ContainerFileType, vscode.FileType> = {
  file: vscode.FileType.File,
  directory: vscode.FileType.Directory,
  symlink: vscode.FileType.SymbolicLink,
};

/**
 * The files of a container as a VS Code file system, over the engine's API (ContainerFiles): open, edit and
 * save back, create, delete. Each call opens the engine and closes it after; nothing is cached or stored.
 * A file larger than the setting `containerCatalog.containers.files.maxEditableSizeMB` is marked read-only
 * (FilePermission.Readonly, which the editor honours) and its first read says so.
 */
export class ContainerFileSystem implements vscode.FileSystemProvider {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  /** Files already told to be read-only, so a re-read (revert, reload) does not say it again. */
  private readonly toldReadOnly = new Set<string>();

  constructor(
    private readonly open: (engine: string) => Promise<EngineConnection>,
    /** Larger files open read-only: an edit holds the whole file in the editor and again when it is saved. */
    private readonly editableBytes: () => number = () => editableSizeLimit(),
  ) {}

  watch(): vscode.Disposable {
    // Engines do not report file changes; a re-read shows them.
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    return this.with(uri, async (f, p) => {
      const s = await f.stat(p);
      const readonly = s.type === 'file' && s.size > this.editableBytes();
      return { type: TYPES[s.type], size: s.size, mtime: s.mtime, ctime: s.mtime, permissions: readonly ? vscode.FilePermission.Readonly : undefined };
    });
  }

  readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    return this.with(uri, async (f, p) => (await f.list(p)).map(([n, t]) => [n, TYPES[t]] as [string, vscode.FileType]));
  }

  createDirectory(uri: vscode.Uri): Promise<void> {
    return this.with(uri, (f, p) => f.mkdir(p), vscode.FileChangeType.Created);
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const data = await this.with(uri, (f, p) => f.read(p));
    const limit = this.editableBytes();
    if (data.length > limit && !this.toldReadOnly.has(uri.toString())) {
      this.toldReadOnly.add(uri.toString());
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          '{0} opens read-only: it is {1}, over the {2} limit for editing files inside a container (setting {3}).',
          parts(uri).path,
          formatSize(data.length),
          formatSize(limit),
          `${LIMIT_SECTION}.${LIMIT_KEY}`,
        ),
      );
    }
    return data;
  }

  writeFile(uri: vscode.Uri, content: Uint8Array, options: { create: boolean; overwrite: boolean }): Promise<void> {
    return this.with(uri, (f, p) => f.write(p, Buffer.from(content.buffer, content.byteOffset, content.byteLength), options), vscode.FileChangeType.Changed);
  }

  delete(uri: vscode.Uri): Promise<void> {
    return this.with(uri, (f, p) => f.delete(p), vscode.FileChangeType.Deleted);
  }

  rename(oldUri: vscode.Uri, newUri: vscode.Uri, options: { overwrite: boolean }): Promise<void> {
    const a = parts(oldUri);
    const b = parts(newUri);
    if (a.engine !== b.engine || a.container !== b.container) throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('A file moves only within its container.'));
    // The container's own mv: directories too, mode and owner kept, nothing read through here.
    return this.with(oldUri, (f, p) => f.rename(p, b.path, options), vscode.FileChangeType.Deleted);
  }

  private async with<T>(uri: vscode.Uri, fn: (f: ContainerFiles, path: string) => Promise<T>, change?: vscode.FileChangeType): Promise<T> {
    const { engine, container, path } = parts(uri);
    let conn: EngineConnection | undefined;
    try {
      conn = await this.open(engine);
      const { ContainerFiles } = await import('../../containers/containerFiles.js');
      const out = await fn(new ContainerFiles(conn, container), path);
      if (change !== undefined) this.changed.fire([{ type: change, uri }]);
      return out;
    } catch (err) {
      throw toFsError(err, uri);
    } finally {
      conn?.close();
    }
  }
}

const LIMIT_SECTION = 'containerCatalog.containers.files';
const LIMIT_KEY = 'maxEditableSizeMB';

/** The setting's limit in bytes (10 MB unless set). */
function editableSizeLimit(): number {
  const mb = vscode.workspace.getConfiguration(LIMIT_SECTION).get<number>(LIMIT_KEY, 10);
  return Math.max(0, Number.isFinite(mb) ? mb : 10) * 1024 * 1024;
}

function toFsError(err: unknown, uri: vscode.Uri): unknown {
  if (err instanceof vscode.FileSystemError || !(err instanceof ContainerFileError)) return err;
  switch (err.code) {
    case 'notFound':
      return vscode.FileSystemError.FileNotFound(uri);
    case 'isDirectory':
      return vscode.FileSystemError.FileIsADirectory(uri);
    case 'notDirectory':
      return vscode.FileSystemError.FileNotADirectory(uri);
    case 'exists':
      return vscode.FileSystemError.FileExists(uri);
    default:
      return vscode.FileSystemError.NoPermissions(err.message);
  }
}
