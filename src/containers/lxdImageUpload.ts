import { createHash } from 'node:crypto';
import { EngineError } from './engineError';
import type { LxdClient } from './lxdClient';

const seg = encodeURIComponent;

/** The image as LXD takes it: a unified tarball, or the two halves of a split one. */
export type LxdImageUpload =
  | { readonly kind: 'unified'; readonly tarball: Buffer }
  | { readonly kind: 'split'; readonly metadata: Buffer; readonly rootfs: Buffer };

/** LXD's fingerprint of an upload: the sha256 of the tarball, or of metadata then rootfs. */
export function uploadFingerprint(u: LxdImageUpload): string {
  const h = createHash('sha256');
  if (u.kind === 'unified') h.update(u.tarball);
  else h.update(u.metadata).update(u.rootfs);
  return h.digest('hex');
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
  let body: Buffer;
  let contentType: string;
  if (u.kind === 'unified') {
    body = u.tarball;
    contentType = 'application/octet-stream';
  } else {
    // The platform's FormData writes the multipart body and its boundary.
    const form = new FormData();
    form.append('metadata', new Blob([u.metadata]), 'metadata.tar.gz');
    form.append('rootfs', new Blob([u.rootfs]), filename);
    const encoded = new Response(form);
    body = Buffer.from(await encoded.arrayBuffer());
    contentType = encoded.headers.get('content-type') ?? 'multipart/form-data';
  }
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
