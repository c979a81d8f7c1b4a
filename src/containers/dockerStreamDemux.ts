import type { ExecStream } from './execSession';

/**
 * Splits the Engine API's multiplexed stream (exec or logs without a TTY): each frame is an 8-byte header
 * (stream type, three zero bytes, big-endian payload length) and its payload. Frames may span chunks.
 */
export class DockerStreamDemux {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly out: (chunk: Buffer, stream: ExecStream) => void) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const type = this.pending[0];
      const payload = this.pending.subarray(8, 8 + size);
      this.pending = this.pending.subarray(8 + size);
      // 0 is stdin (echoed only with some engines), 1 stdout, 2 stderr.
      if (payload.length) this.out(Buffer.from(payload), type === 2 ? 'stderr' : 'stdout');
    }
  }
}
