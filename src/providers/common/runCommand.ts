import * as vscode from 'vscode';
import { runAsCode } from './calledByCode';
import { ArgumentError } from './commandArgs';
import { showError } from '../platform/showError';

/** What a command's registration calls: the palette and menus pass a node or nothing, code passes an argument object. */
export type CommandHandler = (arg?: unknown) => Promise<unknown>;

export interface CommandRun {
  /** Short verb phrase for messages and the progress title: "Log out", "Download image". */
  readonly title: string;
  readonly log: vscode.LogOutputChannel;
  /**
   * Called by code with an argument object (keybinding, test, another extension): a failure rejects so the
   * caller sees it. From the palette or a menu it becomes one short message with "Show Log" instead.
   */
  readonly programmatic: boolean;
  /** Run under a notification with a Cancel button; the body gets the signal and a progress reporter. */
  readonly progress?: boolean;
  /** Errors the user can act on (bad input, an engine's refusal): their message is shown as is. */
  readonly expected?: (err: unknown) => boolean;
  /** The user's own cancellation: silent. AbortError-named errors always count. */
  readonly cancelled?: (err: unknown) => boolean;
  /** After the body, success or not: the narrow refresh of what the command may have changed. */
  readonly after?: () => void;
}

export interface CommandBody {
  readonly signal: AbortSignal;
  report(message: string, increment?: number): void;
}

/**
 * The one wrapper every command body runs in, in every capability: progress with cancel, one error message
 * with "Show Log" (the details go to the log), rejection for programmatic callers, and the refresh after.
 */
export async function runCommand<T>(run: CommandRun, body: (ctx: CommandBody) => Promise<T>): Promise<T | undefined> {
  const exec = (): Promise<T> => {
    if (!run.progress) return body({ signal: new AbortController().signal, report: () => undefined });
    return Promise.resolve(vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: run.title, cancellable: true },
      (progress, token) => body({ signal: signalOf(token), report: (message, increment) => progress.report({ message, increment }) }),
    ));
  };
  try {
    // Called by code, nothing below may put a question to the user (see calledByCode).
    return await (run.programmatic ? runAsCode(exec) : exec());
  } catch (e) {
    // The user's own cancellation is never an error, whoever called.
    if (isCancellation(e) || run.cancelled?.(e)) return undefined;
    if (run.programmatic) throw e;
    const expected = e instanceof ArgumentError || run.expected?.(e) === true;
    // Not awaited: showError waits for the notification to be dismissed.
    void showError(run.log, expected ? `${run.title}: ${(e as Error).message}` : `${run.title} failed: ${(e as Error).message ?? String(e)}`, e);
    return undefined;
  } finally {
    run.after?.();
  }
}

function isCancellation(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

/** An AbortSignal that follows a VS Code cancellation token. */
export function signalOf(token: vscode.CancellationToken): AbortSignal {
  const ac = new AbortController();
  if (token.isCancellationRequested) ac.abort();
  token.onCancellationRequested(() => ac.abort());
  return ac.signal;
}
