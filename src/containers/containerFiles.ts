import { PassThrough, Readable } from 'node:stream';
import { Header, Parser } from 'tar';
import type { ReadEntry } from 'tar';
import { openContainerExec } from './containerExec';
import type { DockerClient } from './dockerClient';
import type { EngineConnection } from './engineConnection';
import type { StreamBody } from './engineTransport';
import { exactBytes } from './streamedBody';
import { EngineError } from './engineError';
import type { LxdClient } from './lxdClient';
import { mapLimit } from './mapLimit';

export type ContainerFileType = 'file' | 'directory' | 'symlink';

export interface ContainerFileStat {
  readonly type: ContainerFileType;
  /** Bytes (a file's; 0 for what LXD does not measure: directories, symlinks). */
  readonly size: number;
  /** Milliseconds since the epoch; 0 where the engine does not say (LXD). */
  readonly mtime: number;
  /** Permission bits (0o644…). */
  readonly mode: number;
}

/** A file-level error the face turns into the matching FileSystemError. */
export class ContainerFileError extends Error {
  constructor(
    readonly code: 'notFound' | 'isDirectory' | 'notDirectory' | 'exists' | 'noPermission',
    message: string,
  ) {
    super(message);
    this.name = 'ContainerFileError';
  }
}

/**
 * Files inside a container over the engine's API: LXD's `/1.0/instances/<n>/files` (mode, uid and gid
 * kept on write) and the Engine API's archive endpoints (tar, via the `tar` package). Paths are absolute
 * paths inside the container; `..` is refused so a path can never name something outside what was asked.
 */
export class ContainerFiles {
  constructor(
    private readonly conn: EngineConnection,
    private readonly container: string,
  ) {}

  async stat(path: string): Promise<ContainerFileStat> {
    const p = clean(path);
    return this.conn.kind === 'lxd' ? lxdStat(this.conn.lxd, this.container, p) : dockerStat(this.conn.docker, this.container, p);
  }

  async list(path: string): Promise<[string, ContainerFileType][]> {
    const p = clean(path);
    if (this.conn.kind === 'lxd') {
      const lxd = this.conn.lxd;
      const res = await lxdGet(lxd, this.container, p);
      if (res.type !== 'directory') throw new ContainerFileError('notDirectory', `${p} is not a directory.`);
      const names = (JSON.parse(res.body.toString('utf8')) as { metadata?: string[] }).metadata ?? [];
      return mapLimit(names.sort(), 8, async (n) => [n, (await lxdStat(lxd, this.container, join(p, n))).type] as [string, ContainerFileType]);
    }
    if ((await this.stat(p)).type !== 'directory') throw new ContainerFileError('notDirectory', `${p} is not a directory.`);
    // The archive of a directory holds its whole subtree; one level is asked from the container instead.
    const s = await openContainerExec(this.conn, this.container, { command: ['/bin/sh', '-c', LIST_SCRIPT, 'list', p], tty: false });
    const out: Buffer[] = [];
    s.onOutput((c, stream) => stream === 'stdout' && out.push(c));
    s.endInput();
    const exit = await s.exited;
    if (exit.code !== 0) throw new EngineError('api', `Cannot list ${p} (its shell exited with ${exit.code ?? exit.error}).`);
    return parseFindLines(Buffer.concat(out).toString('utf8'));
  }

  async read(path: string): Promise<Buffer> {
    const p = clean(path);
    if (this.conn.kind === 'lxd') {
      const res = await lxdGet(this.conn.lxd, this.container, p);
      if (res.type === 'directory') throw new ContainerFileError('isDirectory', `${p} is a directory.`);
      return res.body;
    }
    const st = await this.stat(p);
    if (st.type === 'directory') throw new ContainerFileError('isDirectory', `${p} is a directory.`);
    return dockerReadFile(this.conn.docker, this.container, p);
  }

  /** Writes a whole file; an existing file keeps its mode (and on LXD its owner). */
  async write(path: string, data: Buffer, opts: { create: boolean; overwrite: boolean }): Promise<void> {
    await this.writeStream(path, Readable.from([data]), data.length, opts);
  }

  /**
   * Writes a file from a stream of exactly `length` bytes, sent to the engine as it is read (never held whole
   * in memory): LXD takes the bytes as the request body, the archive endpoint a one-entry tar built around them.
   * An existing file keeps its mode (and on LXD its owner).
   */
  async writeStream(path: string, source: Readable, length: number, opts: { create: boolean; overwrite: boolean }): Promise<void> {
    const p = clean(path);
    try {
      const existing = await this.stat(p).catch((e: unknown) => {
        if (e instanceof ContainerFileError && e.code === 'notFound') return undefined;
        throw e;
      });
      if (existing?.type === 'directory') throw new ContainerFileError('isDirectory', `${p} is a directory.`);
      if (!existing && !opts.create) throw new ContainerFileError('notFound', `${p} does not exist.`);
      if (existing && !opts.overwrite) throw new ContainerFileError('exists', `${p} already exists.`);
      const mode = existing?.mode ?? 0o644;
      if (this.conn.kind === 'lxd') {
        const headers: Record<string, string> = { 'X-LXD-type': 'file', 'X-LXD-mode': mode.toString(8).padStart(4, '0'), 'X-LXD-write': 'overwrite' };
        if (existing) {
          const owner = await lxdOwner(this.conn.lxd, this.container, p);
          headers['X-LXD-uid'] = String(owner.uid);
          headers['X-LXD-gid'] = String(owner.gid);
        }
        await lxdSend(this.conn.lxd, 'POST', this.container, p, { stream: source, length }, headers);
        return;
      }
      const slash = p.lastIndexOf('/');
      await dockerPut(this.conn.docker, this.container, p.slice(0, slash) || '/', tarStreamOf(p.slice(slash + 1), source, length, mode));
    } finally {
      // A refused write never read its source: let go of the file behind it.
      if (!source.readableEnded) source.destroy();
    }
  }

  /** A file's bytes as a stream, read from the engine as they are consumed. */
  async readStream(path: string): Promise<Readable> {
    const p = clean(path);
    if (this.conn.kind === 'lxd') {
      const res = await this.conn.lxd.rawStream('GET', filesPath(this.container, p));
      if (res.statusCode !== 200) throw lxdFileError(res.statusCode ?? 0, errorText(await readAll(res)), p);
      if (String(res.headers['x-lxd-type'] ?? 'file') === 'directory') {
        res.destroy();
        throw new ContainerFileError('isDirectory', `${p} is a directory.`);
      }
      return res;
    }
    const st = await this.stat(p);
    if (st.type === 'directory') throw new ContainerFileError('isDirectory', `${p} is a directory.`);
    return dockerFileStream(this.conn.docker, this.container, p);
  }

  /**
   * Moves a file or directory inside the container with its own `mv` (the engines' file APIs have no rename):
   * mode, owner and contents stay as they were, whatever their size. Refuses to replace an existing target
   * unless `overwrite`.
   */
  async rename(from: string, to: string, opts: { overwrite: boolean }): Promise<void> {
    const a = clean(from);
    const b = clean(to);
    if (a === '/' || b === '/') throw new ContainerFileError('noPermission', 'The root directory cannot be moved.');
    if (b.startsWith(`${a}/`)) throw new ContainerFileError('noPermission', `${a} cannot move into itself.`);
    await this.stat(a);
    const target = await this.stat(b).catch((e: unknown) => {
      if (e instanceof ContainerFileError && e.code === 'notFound') return undefined;
      throw e;
    });
    if (target && !opts.overwrite) throw new ContainerFileError('exists', `${b} already exists.`);
    if (target?.type === 'directory') throw new ContainerFileError('isDirectory', `${b} is a directory.`);
    await this.run(['mv', '-f', '--', a, b], `Could not move ${a} to ${b}`);
  }

  async mkdir(path: string): Promise<void> {
    const p = clean(path);
    if (this.conn.kind === 'lxd') {
      await lxdSend(this.conn.lxd, 'POST', this.container, p, Buffer.alloc(0), { 'X-LXD-type': 'directory', 'X-LXD-mode': '0755' });
      return;
    }
    const slash = p.lastIndexOf('/');
    await dockerPut(this.conn.docker, this.container, p.slice(0, slash) || '/', tarOfDirectory(p.slice(slash + 1), 0o755));
  }

  async delete(path: string): Promise<void> {
    const p = clean(path);
    if (p === '/') throw new ContainerFileError('noPermission', 'The root directory cannot be deleted.');
    if (this.conn.kind === 'lxd') {
      await lxdSend(this.conn.lxd, 'DELETE', this.container, p, undefined, {});
      return;
    }
    await this.stat(p);
    await this.run(['rm', '-rf', '--', p], `Could not delete ${p}`);
  }

  /** A command in the container, without a terminal; a non-zero exit is an error naming `what` and its stderr. */
  private async run(command: string[], what: string): Promise<void> {
    const s = await openContainerExec(this.conn, this.container, { command, tty: false });
    const err: Buffer[] = [];
    s.onOutput((c, stream) => stream === 'stderr' && err.push(c));
    s.endInput();
    const exit = await s.exited;
    const said = Buffer.concat(err).toString('utf8').trim().slice(0, 300);
    if (exit.code !== 0) throw new ContainerFileError('noPermission', `${what} (${command[0]} exited with ${exit.code ?? exit.error}${said ? `: ${said}` : ''}).`);
  }

}

/**
 * One directory level with each entry's type, by the container's own shell (POSIX sh only): the archive of a
 * directory would carry its whole subtree.
 */
const LIST_SCRIPT =
  'cd -- "$1" || exit 2; for f in .* *; do ' +
  'case "$f" in .|..) continue;; esac; { [ -e "$f" ] || [ -L "$f" ]; } || continue; ' +
  'if [ -L "$f" ]; then t=l; elif [ -d "$f" ]; then t=d; else t=f; fi; printf \'%s %s\\n\' "$t" "$f"; done';

/** An absolute, normalised path; `..` and relative paths are refused rather than resolved on our side. */
export function clean(path: string): string {
  if (!path.startsWith('/')) throw new ContainerFileError('notFound', `Not an absolute path: ${path}`);
  const parts = path.split('/').filter((s) => s && s !== '.');
  if (parts.includes('..')) throw new ContainerFileError('noPermission', `A path with .. is refused: ${path}`);
  if (parts.some((s) => s.includes('\0'))) throw new ContainerFileError('notFound', 'A path cannot contain a NUL byte.');
  return '/' + parts.join('/');
}

function join(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

function parseFindLines(text: string): [string, ContainerFileType][] {
  const out: [string, ContainerFileType][] = [];
  for (const line of text.split('\n')) {
    if (line.length < 3) continue;
    const t = line[0] === 'd' ? 'directory' : line[0] === 'l' ? 'symlink' : 'file';
    out.push([line.slice(2), t]);
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

// ── LXD ──────────────────────────────────────────────────────────────────────────────────────────

const seg = encodeURIComponent;

function filesPath(container: string, path: string): string {
  return `/1.0/instances/${seg(container)}/files?path=${seg(path)}`;
}

function lxdFileError(status: number, message: string, path: string): Error {
  if (status === 404 || /not found|no such file/i.test(message)) return new ContainerFileError('notFound', `${path} does not exist.`);
  if (status === 403 || /permission denied/i.test(message)) return new ContainerFileError('noPermission', `No permission for ${path}.`);
  return new EngineError('api', `LXD: ${message}`, status);
}

async function lxdGet(lxd: LxdClient, container: string, path: string): Promise<{ type: string; body: Buffer }> {
  const res = await lxd.rawRequest('GET', filesPath(container, path));
  if (res.status !== 200) throw lxdFileError(res.status, errorText(res.body), path);
  return { type: String(res.headers['x-lxd-type'] ?? 'file'), body: res.body };
}

/** Only the headers of the file API's answer: the body (the whole file) is not read. */
async function lxdHeaders(lxd: LxdClient, container: string, path: string): Promise<Record<string, string | string[] | undefined>> {
  const res = await lxd.rawStream('GET', filesPath(container, path));
  if (res.statusCode !== 200) {
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    throw lxdFileError(res.statusCode ?? 0, errorText(Buffer.concat(chunks)), path);
  }
  res.destroy();
  return res.headers;
}

async function lxdStat(lxd: LxdClient, container: string, path: string): Promise<ContainerFileStat> {
  const h = await lxdHeaders(lxd, container, path);
  const t = String(h['x-lxd-type'] ?? 'file');
  // A file's GET carries its length; LXD's time stays 0 (a save must not look like a change made elsewhere).
  const type = t === 'directory' ? 'directory' : t === 'symlink' ? 'symlink' : 'file';
  return { type, size: type === 'file' ? Number(h['content-length'] ?? 0) || 0 : 0, mtime: 0, mode: parseInt(String(h['x-lxd-mode'] ?? '644'), 8) };
}

async function lxdOwner(lxd: LxdClient, container: string, path: string): Promise<{ uid: number; gid: number }> {
  const h = await lxdHeaders(lxd, container, path);
  return { uid: Number(h['x-lxd-uid'] ?? 0), gid: Number(h['x-lxd-gid'] ?? 0) };
}

async function lxdSend(lxd: LxdClient, method: string, container: string, path: string, body: Buffer | StreamBody | undefined, headers: Record<string, string>): Promise<void> {
  const res = await lxd.rawRequest(method, filesPath(container, path), body, { contentType: 'application/octet-stream', headers, timeoutMs: 300_000 });
  if (res.status >= 300) throw lxdFileError(res.status, errorText(res.body), path);
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function errorText(body: Buffer): string {
  const text = body.toString('utf8');
  try {
    const j = JSON.parse(text) as { error?: string; message?: string };
    return j.error || j.message || text;
  } catch {
    return text.trim() || 'no answer';
  }
}

// ── Podman / Docker ─────────────────────────────────────────────────────────────────────────────

/** The Engine API's path stat: Go's FileMode, whose high bits say directory (1<<31) or symlink (1<<27). */
async function dockerStat(docker: DockerClient, container: string, path: string): Promise<ContainerFileStat> {
  const res = await docker.archive('HEAD', container, path);
  if (res.status === 404) throw new ContainerFileError('notFound', `${path} does not exist.`);
  if (res.status !== 200) throw new EngineError('api', `${errorText(res.body)} (HTTP ${res.status})`, res.status);
  const raw = res.headers['x-docker-container-path-stat'];
  const st = JSON.parse(Buffer.from(String(raw), 'base64').toString('utf8')) as { size: number; mode: number; mtime: string };
  const mode = st.mode >>> 0;
  const type: ContainerFileType = mode & 0x80000000 ? 'directory' : mode & 0x08000000 ? 'symlink' : 'file';
  return { type, size: st.size, mtime: Date.parse(st.mtime) || 0, mode: mode & 0o7777 };
}

async function dockerReadFile(docker: DockerClient, container: string, path: string): Promise<Buffer> {
  return readAll(await dockerFileStream(docker, container, path));
}

/** The first regular file of the path's tar archive, as a stream (the archive is parsed as it arrives). */
async function dockerFileStream(docker: DockerClient, container: string, path: string): Promise<Readable> {
  const res = await docker.archiveStream(container, path);
  if (res.statusCode === 404) throw new ContainerFileError('notFound', `${path} does not exist.`);
  if (res.statusCode !== 200) throw new EngineError('api', `${errorText(await readAll(res))} (HTTP ${res.statusCode})`, res.statusCode);
  const out = new PassThrough();
  let found = false;
  const parser = new Parser({
    onReadEntry: (entry: ReadEntry) => {
      if (found || entry.type !== 'File') return entry.resume();
      found = true;
      entry.pipe(out);
    },
  });
  parser.on('end', () => found || out.destroy(new ContainerFileError('isDirectory', `${path} is not a regular file.`)));
  parser.on('error', (e: Error) => out.destroy(e));
  res.on('error', (e: Error) => out.destroy(e));
  // A reader that stops early (a cancelled download) ends the engine's answer too.
  out.on('close', () => res.destroy());
  res.pipe(parser);
  return out;
}

async function dockerPut(docker: DockerClient, container: string, dir: string, tarball: Buffer | StreamBody): Promise<void> {
  const res = await docker.archive('PUT', container, dir, tarball);
  if (res.status === 404) throw new ContainerFileError('notFound', `${dir} does not exist.`);
  if (res.status === 403) throw new ContainerFileError('noPermission', `No permission to write in ${dir}.`);
  if (res.status !== 200) throw new EngineError('api', `${errorText(res.body)} (HTTP ${res.status})`, res.status);
}

/** One tar header block. */
function tarHeader(path: string, type: 'File' | 'Directory', size: number, mode: number): Buffer {
  const header = new Header({ path, mode, size, mtime: new Date(), type, uid: 0, gid: 0 });
  const block = Buffer.alloc(512);
  header.encode(block, 0);
  return block;
}

/** A one-entry tar of a directory: the archive endpoint's upload format. */
function tarOfDirectory(name: string, mode: number): Buffer {
  return Buffer.concat([tarHeader(`${name}/`, 'Directory', 0, mode), Buffer.alloc(1024)]);
}

/**
 * A one-entry tar around a stream of `length` bytes, produced as the stream is read: header, the bytes,
 * padding to the 512-byte block, the two end blocks. A source that gives more or fewer bytes fails the upload
 * (the engine would otherwise take a corrupt archive).
 */
function tarStreamOf(name: string, source: Readable, length: number, mode: number): StreamBody {
  const pad = (512 - (length % 512)) % 512;
  async function* blocks(): AsyncGenerator<Buffer> {
    yield tarHeader(name, 'File', length, mode);
    yield* exactBytes(source as AsyncIterable<Buffer>, length, 'the file');
    yield Buffer.alloc(pad + 1024);
  }
  return { stream: Readable.from(blocks(), { objectMode: false }), length: 512 + length + pad + 1024 };
}
