import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as tar from 'tar';

// A root file system published as Wsl-Manager publishes its builtins: an OCI image whose one layer is the
// rootfs tarball. The layout is written here (blobs, manifest, index) and pushed by the real skopeo.

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** A gzip'd rootfs tarball with os-release and random bytes (so every test pushes a blob of its own). */
export function rootfsLayer(work: string, distribution: string, release: string, extraBytes = 200_000): Buffer {
  const root = mkdtempSync(join(work, 'rootfs-'));
  mkdirSync(join(root, 'etc'));
  mkdirSync(join(root, 'opt'));
  writeFileSync(join(root, 'etc', 'os-release'), `ID=${distribution}\nVERSION_ID=${release}\n`);
  writeFileSync(join(root, 'opt', 'payload.bin'), randomBytes(extraBytes));
  const file = `${root}.tar.gz`;
  tar.create({ gzip: true, cwd: root, file, sync: true, portable: true }, ['etc', 'opt']);
  return readFileSync(file);
}

export interface PushedImage {
  readonly reference: string;
  /** The layers' sha256 (hex), in order. */
  readonly layers: string[];
  readonly layerBytes: Buffer[];
}

/** Writes an OCI layout of `layers` under `dir` and pushes it with skopeo to `docker://<host>/<repo>:<tag>`. */
export function pushRootfsImage(dir: string, host: string, repo: string, tag: string, layers: Buffer[], creds?: string): PushedImage {
  const blobs = join(dir, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  const blob = (b: Buffer): { digest: string; size: number } => {
    const d = sha(b);
    writeFileSync(join(blobs, d), b);
    return { digest: `sha256:${d}`, size: b.length };
  };
  const config = blob(Buffer.from(JSON.stringify({
    architecture: 'amd64', os: 'linux', config: {},
    rootfs: { type: 'layers', diff_ids: layers.map((l) => `sha256:${sha(gunzipSync(l))}`) },
  })));
  const manifest = blob(Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...blob(l) })),
  })));
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(join(dir, 'index.json'), JSON.stringify({
    schemaVersion: 2,
    manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, annotations: { 'org.opencontainers.image.ref.name': tag } }],
  }));
  const reference = `${host}/${repo}:${tag}`;
  execFileSync('skopeo', ['--insecure-policy', 'copy', '--quiet', '--dest-tls-verify=false', ...(creds ? ['--dest-creds', creds] : []), `oci:${dir}:${tag}`, `docker://${reference}`], { stdio: 'pipe' });
  return { reference, layers: layers.map(sha), layerBytes: layers };
}
