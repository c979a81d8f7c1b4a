import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ContainerFiles } from './containerFiles';
import { ContainerFileError } from './containerFileError';

/**
 * Copies between a container and this machine, streamed both ways (a 100 MB file is never held in memory):
 * what the "Download"/"Upload" commands and the CLI's `containers cp` share. Files only; a directory is refused
 * with a clear error rather than copied half.
 */

/**
 * Container file → local file. The bytes go to a hidden sibling first, renamed over `localPath` only once
 * complete, so a failed or cancelled download leaves no half file (and an existing file as it was).
 */
export async function copyFromContainer(files: ContainerFiles, path: string, localPath: string, opts: { overwrite: boolean; signal?: AbortSignal }): Promise<number> {
  const existing = await stat(localPath).catch(() => undefined);
  if (existing?.isDirectory()) throw new ContainerFileError('isDirectory', `${localPath} is a directory: give the file's name.`);
  if (existing && !opts.overwrite) throw new ContainerFileError('exists', `${localPath} already exists.`);
  const part = join(dirname(localPath), `.${basename(localPath)}.${process.pid}.part`);
  const source = await files.readStream(path);
  let bytes = 0;
  source.on('data', (c: Buffer) => (bytes += c.length));
  try {
    await pipeline(source, createWriteStream(part, { flags: 'wx' }), { signal: opts.signal });
    await rename(part, localPath);
  } catch (err) {
    await rm(part, { force: true });
    throw err;
  }
  return bytes;
}

/** Local file → container file (mode kept when it exists; created 0644 otherwise). */
export async function copyToContainer(files: ContainerFiles, localPath: string, path: string, opts: { overwrite: boolean }): Promise<number> {
  const st = await stat(localPath).catch(() => undefined);
  if (!st) throw new ContainerFileError('notFound', `${localPath} does not exist.`);
  if (!st.isFile()) throw new ContainerFileError('isDirectory', `${localPath} is not a file (only files are copied).`);
  await files.writeStream(path, createReadStream(localPath), st.size, { create: true, overwrite: opts.overwrite });
  return st.size;
}
