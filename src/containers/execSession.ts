/** What runs in a container: a command, with or without a terminal. */
export interface ExecRequest {
  readonly command: readonly string[];
  /** A terminal (interactive shell): one merged output stream, resizable. Without: stdout and stderr apart. */
  readonly tty: boolean;
  readonly cols?: number;
  readonly rows?: number;
  readonly env?: Readonly<Record<string, string>>;
  readonly user?: string;
  readonly cwd?: string;
}

export type ExecStream = 'stdout' | 'stderr';

/** How an exec ended: the process's exit status, or why it could not be known (engine gone mid-stream). */
export interface ExecExit {
  readonly code: number | undefined;
  readonly error?: string;
}

/**
 * A running exec, whichever engine runs it. Output arrives through `onOutput`; `exited` settles once the
 * process ended and all its output was delivered. `close` ends the exec from our side (terminal closed).
 */
export interface ExecSession {
  onOutput(listener: (chunk: Buffer, stream: ExecStream) => void): void;
  write(data: string | Buffer): void;
  /** Closes the process's stdin (end of input), for non-interactive runs. */
  endInput(): void;
  resize(cols: number, rows: number): Promise<void>;
  readonly exited: Promise<ExecExit>;
  close(): void;
}

/** Output that arrives before anyone listens is kept, so nothing between start and the first listener is lost. */
export class OutputRelay {
  private listeners: ((chunk: Buffer, stream: ExecStream) => void)[] = [];
  private early: [Buffer, ExecStream][] = [];

  add(listener: (chunk: Buffer, stream: ExecStream) => void): void {
    this.listeners.push(listener);
    const early = this.early;
    this.early = [];
    for (const [c, s] of early) listener(c, s);
  }

  emit(chunk: Buffer, stream: ExecStream): void {
    if (!this.listeners.length) this.early.push([chunk, stream]);
    for (const l of this.listeners) l(chunk, stream);
  }
}
