import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { StreamBody } from './engineTransport';

/** A file on disk and the size it had when the request was planned (sent as part of Content-Length). */
export interface FilePart {
  readonly file: string;
  readonly size: number;
}

/**
 * Passes on exactly `length` bytes of `source`. A source that gives more or fewer (a file changed while it
 * was sent) fails the request instead: the engine would otherwise take a short or corrupt upload.
 */
export async function* exactBytes(source: AsyncIterable<Buffer>, length: number, what: string): AsyncGenerator<Buffer> {
  let sent = 0;
  for await (const c of source) {
    sent += c.length;
    if (sent > length) throw new Error(`${what} grew while it was sent (more than ${length} bytes)`);
    yield c;
  }
  if (sent !== length) throw new Error(`${what} changed while it was sent (${sent} of ${length} bytes)`);
}

/**
 * A request body made of bytes in memory and files on disk, in order, read as it is sent: an image file of
 * gigabytes goes to the engine without ever being held whole (the transport pipes the stream).
 */
export function streamedBody(parts: ReadonlyArray<Buffer | FilePart>): StreamBody {
  async function* chunks(): AsyncGenerator<Buffer> {
    for (const p of parts) {
      if (Buffer.isBuffer(p)) yield p;
      else yield* exactBytes(createReadStream(p.file) as AsyncIterable<Buffer>, p.size, p.file);
    }
  }
  const length = parts.reduce((n, p) => n + (Buffer.isBuffer(p) ? p.length : p.size), 0);
  return { stream: Readable.from(chunks(), { objectMode: false }), length };
}
