import { StringDecoder } from 'node:string_decoder';
import * as vscode from 'vscode';
import type { ExecExit, ExecSession } from '../../containers/execSession';

/**
 * The face of an exec in a VS Code terminal: a Pseudoterminal that starts the exec with the terminal's
 * size once VS Code opens it, passes keystrokes (Ctrl-C, Ctrl-D included) and resizes through, and shows
 * how the process ended. The terminal then stays readable until a key is pressed.
 */
export class ContainerShellTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private session: ExecSession | undefined;
  private ended: ExecExit | undefined;
  private closed = false;
  /** The size VS Code asked for last and not yet sent; sent one at a time so the last one wins. */
  private wantedSize: vscode.TerminalDimensions | undefined;
  private resizing = false;

  constructor(
    private readonly start: (cols: number, rows: number) => Promise<ExecSession>,
    /** Lets go of the engine connection once the terminal is gone. */
    private readonly release: () => void,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  open(dims: vscode.TerminalDimensions | undefined): void {
    this.start(dims?.columns ?? 80, dims?.rows ?? 24).then(
      (session) => this.attach(session),
      (err: unknown) => this.end({ code: undefined, error: err instanceof Error ? err.message : String(err) }),
    );
  }

  handleInput(data: string): void {
    if (this.ended) {
      // The status is on screen already; a code here would raise a second, redundant alert.
      this.closeEmitter.fire();
      return;
    }
    this.session?.write(data);
  }

  setDimensions(dims: vscode.TerminalDimensions): void {
    if (this.ended) return;
    this.wantedSize = dims;
    void this.sendSize();
  }

  /**
   * Resizes go out one at a time, and only the newest waiting one: Podman and Docker take each resize as
   * its own request, and two in flight can arrive in either order, leaving the shell at the older size.
   * A size asked for while the exec is still starting is sent once it has started.
   */
  private async sendSize(): Promise<void> {
    if (this.resizing) return;
    this.resizing = true;
    try {
      while (this.session && this.wantedSize && !this.ended) {
        const { columns, rows } = this.wantedSize;
        this.wantedSize = undefined;
        await this.session.resize(columns, rows).catch((err: unknown) => this.log.warn(`Resizing the container terminal failed: ${String(err)}`));
      }
    } finally {
      this.resizing = false;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.session?.close();
    this.release();
  }

  private attach(session: ExecSession): void {
    if (this.closed) {
      session.close();
      return;
    }
    this.session = session;
    void this.sendSize();
    const decoder = new StringDecoder('utf8');
    session.onOutput((chunk) => this.writeEmitter.fire(decoder.write(chunk)));
    void session.exited.then((exit) => {
      const rest = decoder.end();
      if (rest) this.writeEmitter.fire(rest);
      this.end(exit);
    });
  }

  private end(exit: ExecExit): void {
    if (this.closed) return;
    this.ended = exit;
    const line =
      exit.code !== undefined
        ? vscode.l10n.t('The process exited with status {0}.', exit.code)
        : vscode.l10n.t('The connection to the container ended: {0}', exit.error ?? vscode.l10n.t('no exit status'));
    const color = exit.code === 0 ? '' : '\x1b[33m';
    this.writeEmitter.fire(`\r\n${color}${line}\x1b[0m\r\n${vscode.l10n.t('Press any key to close the terminal.')}\r\n`);
    if (exit.error) this.log.warn(`Container terminal: ${exit.error}`);
  }
}
