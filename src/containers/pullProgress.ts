import { EngineError } from './engineError';

/** One step of a pull as the engine reports it, per layer where the engine names one. */
export interface PullProgress {
  /** Short layer id (12 hex digits) when the line is about one layer. */
  readonly layer?: string;
  /** The engine's own words: "Downloading", "Pull complete", "Copying blob". */
  readonly status: string;
  /** Bytes done and total for this layer, when the engine counts them (Docker does, Podman does not). */
  readonly current?: number;
  readonly total?: number;
}

interface PullLine {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/**
 * Reads the JSON lines of a pull: Docker's `/images/create` (`{status, id, progressDetail}`) and libpod's
 * `/libpod/images/pull` (`{stream: "Copying blob sha256:…"}`). Both report a failure inside a 200 answer
 * (`{error}`), so an error line becomes an EngineError here.
 */
export class PullProgressReader {
  private rest = '';

  constructor(
    private readonly label: string,
    private readonly onProgress: (p: PullProgress) => void,
  ) {}

  push(chunk: Buffer): void {
    const text = this.rest + chunk.toString('utf8');
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    for (const l of lines) this.line(l);
  }

  /** The last line may come without a newline. */
  end(): void {
    const l = this.rest;
    this.rest = '';
    this.line(l);
  }

  private line(raw: string): void {
    if (!raw.trim()) return;
    let j: PullLine;
    try {
      j = JSON.parse(raw) as PullLine;
    } catch {
      return; // not a progress line (some proxies add text); the outcome is judged by the image afterwards
    }
    if (j.error || j.errorDetail?.message) throw new EngineError('api', `${this.label}: ${j.errorDetail?.message || j.error}`);
    if (j.status) {
      const layer = j.id && /^[0-9a-f]{12}$/.test(j.id) ? j.id : undefined;
      const d = j.progressDetail;
      this.onProgress({ layer, status: j.status, current: d?.current, total: d?.total });
      return;
    }
    const blob = /^Copying (blob|config) (?:sha256:)?([0-9a-f]{12})/.exec(j.stream ?? '');
    if (blob) this.onProgress({ layer: blob[1] === 'blob' ? blob[2] : undefined, status: `Copying ${blob[1]}` });
    else if (j.stream?.trim()) this.onProgress({ status: j.stream.trim() });
  }
}
