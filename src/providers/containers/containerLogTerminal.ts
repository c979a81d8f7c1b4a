import * as vscode from 'vscode';
import type { LogFollow, LogStream } from '../../containers/containerLogs';

const STDERR = '\x1b[31m';
const NOTICE = '\x1b[33m';
const RESET = '\x1b[0m';

/**
 * A read-only terminal following a container's log: stderr lines in red behind a marker, our notices in
 * yellow. Closing the terminal stops following; a key press closes it once the log ended.
 */
export class ContainerLogTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private follow: LogFollow | undefined;
  private ended = false;
  private closed = false;

  constructor(
    private readonly start: () => Promise<LogFollow>,
    private readonly release: () => void,
  ) {}

  open(): void {
    this.start().then(
      (f) => {
        if (this.closed) return f.close();
        this.follow = f;
        f.onLine((line, stream) => this.writeEmitter.fire(render(line, stream)));
        void f.done.then((d) => this.end(d.error));
      },
      (err: unknown) => this.end(err instanceof Error ? err.message : String(err)),
    );
  }

  handleInput(): void {
    if (this.ended) this.closeEmitter.fire();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.follow?.close();
    this.release();
  }

  private end(error: string | undefined): void {
    if (this.closed) return;
    this.ended = true;
    const line = error ? vscode.l10n.t('The log stopped: {0}', error) : vscode.l10n.t('End of the log.');
    this.writeEmitter.fire(`${NOTICE}${line}${RESET}\r\n${vscode.l10n.t('Press any key to close the terminal.')}\r\n`);
  }
}

function render(line: string, stream: LogStream): string {
  if (stream === 'stderr') return `${STDERR}▌ ${line}${RESET}\r\n`;
  if (stream === 'notice') return `${NOTICE}${line}${RESET}\r\n`;
  return `${line}\r\n`;
}
