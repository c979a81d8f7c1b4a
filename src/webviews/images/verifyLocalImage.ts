import { stat } from 'node:fs/promises';
import { digestOfFile } from '../../images/fileDigest';
import type { LocalImageView } from './protocol';

/** The result of recomputing a local image's file digest. */
export type VerifyResult =
  | { result: 'match'; algorithm: string; digest: string; size: number }
  | { result: 'mismatch'; algorithm: string; expected: string; actual: string; size: number }
  | { result: 'noFile'; reason: string }
  | { result: 'noDigest' };

const ALGORITHMS = new Set(['SHA256', 'SHA384', 'SHA512']);

/** Streams the local image's file through its digest algorithm and compares with the catalog's digest. */
export async function verifyLocalImage(view: LocalImageView): Promise<VerifyResult> {
  if (!view.file) return { result: 'noFile', reason: 'the catalog records no file for this image' };
  if (!view.digest) return { result: 'noDigest' };
  const algorithm = (view.digestAlgorithm ?? 'SHA256').toUpperCase();
  if (!ALGORITHMS.has(algorithm)) return { result: 'noFile', reason: `unsupported digest algorithm ${view.digestAlgorithm ?? ''}` };
  try {
    const s = await stat(view.file);
    if (!s.isFile()) return { result: 'noFile', reason: `${view.file} is not a file` };
  } catch {
    return { result: 'noFile', reason: `${view.file} does not exist` };
  }
  const { digest, size } = await digestOfFile(view.file, algorithm);
  const expected = view.digest.toLowerCase();
  return digest === expected ? { result: 'match', algorithm, digest, size } : { result: 'mismatch', algorithm, expected, actual: digest, size };
}

/** The sentence the panel shows for a result. */
export function describeVerify(r: VerifyResult): { ok: boolean; message: string } {
  switch (r.result) {
    case 'match':
      return { ok: true, message: `The file matches: ${r.algorithm.toLowerCase()} ${r.digest} (${r.size} bytes).` };
    case 'mismatch':
      return { ok: false, message: `Mismatch: the file's ${r.algorithm.toLowerCase()} is ${r.actual}, the catalog expects ${r.expected}.` };
    case 'noFile':
      return { ok: false, message: `Cannot verify: ${r.reason}.` };
    case 'noDigest':
      return { ok: false, message: 'Cannot verify: the catalog has no digest for this image.' };
  }
}
