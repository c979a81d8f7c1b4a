import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Streams a file through a hash (sha256 by default); returns lowercase hex and the byte count. */
export async function digestOfFile(file: string, algorithm = 'SHA256'): Promise<{ digest: string; size: number }> {
  const hash = createHash(algorithm.toLowerCase());
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { digest: hash.digest('hex'), size };
}
