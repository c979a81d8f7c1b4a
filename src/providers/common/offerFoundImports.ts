import * as vscode from 'vscode';

/**
 * A while after start-up (never during activation), each seed system's database found at its usual place
 * is offered for import once: `commands` are the "look for a … database" commands (offerFoundDatabase),
 * run quietly, so they say nothing when there is nothing to offer.
 */
export function offerFoundImports(commands: readonly string[], delayMs = 15_000): vscode.Disposable {
  const timer = setTimeout(() => {
    for (const id of commands) void vscode.commands.executeCommand(id, { quiet: true, offer: true });
  }, delayMs);
  timer.unref?.();
  return { dispose: () => clearTimeout(timer) };
}
