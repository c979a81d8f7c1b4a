import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { EngineError } from './engineError';
import type { LxdClient } from './lxdClient';
import { streamedBody, type FilePart } from './streamedBody';

const seg = encodeURIComponent;

/**
 * The image as LXD takes it: a unified tarball, or the two halves of a split one. The big parts stay on
 * disk: they are hashed and sent as streams, never read whole into memory.
 */
export type LxdImageUpload =
  | { readonly kind: 'unified'; readonly tarball: FilePart }
  | { readonly kind: 'split'; readonly metadata: Buffer; readonly rootfs: FilePart };

/** LXD's fingerprint of an upload: the sha256 of the tarball, or of metadata then rootfs. */
export async function uploadFingerprint(u: LxdImageUpload): Promise<string> {
  const h = createHash('sha256');
  if (u.kind === 'split') h.update(u.metadata);
  for await (const c of createReadStream(u.kind === 'unified' ? u.tarball.file : u.rootfs.file)) h.update(c as Buffer);
  return h.digest('hex');
}

/** A form-data file field's name as browsers write it (quote and line breaks percent-encoded). */
const quoted = (s: string): string => s.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');

/**
 * The multipart body `lxc image import meta rootfs` sends (`metadata`, then `rootfs`), written around the
 * rootfs file so that it is streamed from disk.
 */
function splitForm(metadata: Buffer, rootfs: FilePart, filename: string): { body: ReturnType<typeof streamedBody>; contentType: string } {
  const boundary = `----ContainerCatalog${randomBytes(12).toString('hex')}`;
  const head = (name: string, file: string): Buffer =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${quoted(file)}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const body = streamedBody([head('metadata', 'metadata.tar.gz'), metadata, Buffer.from('\r\n'), head('rootfs', filename), rootfs, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

function message(body: Buffer, status: number): string {
  try {
    const j = JSON.parse(body.toString('utf8')) as { error?: string };
    if (j.error) return j.error;
  } catch {
    // not an envelope
  }
  return `HTTP ${status}`;
}

/** Whether LXD holds the image `fingerprint`. */
export async function lxdHasImage(lxd: LxdClient, fingerprint: string): Promise<boolean> {
  const res = await lxd.rawRequest('GET', `/1.0/images/${seg(fingerprint)}`);
  if (res.status === 404) return false;
  if (res.status === 200) return true;
  throw new EngineError('api', `LXD: ${message(res.body, res.status)}`, res.status);
}

/** The fingerprint an alias points to, or undefined when LXD has no such alias. */
export async function lxdAliasTarget(lxd: LxdClient, alias: string): Promise<string | undefined> {
  const res = await lxd.rawRequest('GET', `/1.0/images/aliases/${seg(alias)}`);
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new EngineError('api', `LXD: ${message(res.body, res.status)}`, res.status);
  return (JSON.parse(res.body.toString('utf8')) as { metadata: { target: string } }).metadata.target;
}

/**
 * Uploads an image (`POST /1.0/images`: the tarball as the body, or multipart `metadata` + `rootfs` for a
 * split image, as `lxc image import` sends them) and waits for LXD to unpack it. Returns the fingerprint.
 */
export async function uploadLxdImage(lxd: LxdClient, u: LxdImageUpload, filename: string): Promise<string> {
  const { body, contentType } = u.kind === 'unified'
    ? { body: streamedBody([u.tarball]), contentType: 'application/octet-stream' }
    : splitForm(u.metadata, u.rootfs, filename);
  const res = await lxd.rawRequest('POST', '/1.0/images', body, { contentType, headers: { 'X-LXD-filename': filename } });
  let env: { type?: string; operation?: string; error?: string };
  try {
    env = JSON.parse(res.body.toString('utf8')) as typeof env;
  } catch {
    throw new EngineError('protocol', `LXD did not answer the image upload like LXD (HTTP ${res.status}).`, res.status);
  }
  if (res.status >= 400 || env.type === 'error' || !env.operation) throw new EngineError('api', `LXD: ${env.error || `HTTP ${res.status}`}`, res.status);
  const op = await lxd.waitOperation(env.operation, 600);
  const fingerprint = (op.metadata as { fingerprint?: string } | undefined)?.fingerprint;
  if (!fingerprint) throw new EngineError('protocol', 'LXD finished the image upload without naming its fingerprint.');
  return fingerprint;
}
