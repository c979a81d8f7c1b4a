import * as vscode from 'vscode';
import { readArgs } from './commandArgs';
import { runCommand, type CommandHandler } from './runCommand';

/** What a look at a seed system's usual place resolves with. */
export interface FoundDatabase {
  readonly file: string;
  readonly alreadyImported: boolean;
  /** The file has rows the catalog lacks (from a dry run); absent when it was not read. */
  readonly somethingNew?: boolean;
  /** The import's report when the user chose to import (the palette's look, which waits for the answer). */
  readonly imported?: unknown;
}

/** What a dry run of the found file says, in the terms the offer needs. */
export interface OfferPreview {
  readonly sha256: string;
  readonly alreadyImported: boolean;
  /** The dry run would add rows the catalog lacks. */
  readonly somethingNew: boolean;
  /** The offer's question, naming how much would come over. */
  readonly question: string;
}

/** One seed system whose database is offered when found at its usual place. */
export interface DatabaseOffer<R> {
  /** The find command's id (for its argument errors). */
  readonly command: string;
  /** Progress / error title: "Looking for a … database". */
  readonly title: string;
  readonly log: vscode.LogOutputChannel;
  /** Where "Don't Ask Again" is kept, per file content. */
  readonly globalState: vscode.Memento;
  /** The usual place, whether or not a file is there. */
  place(): string;
  /** The file at the usual place, when there is one. */
  find(): string | undefined;
  notFound(place: string): string;
  preview(file: string): Promise<OfferPreview>;
  /** The import command, run with `{ file }` when the user answers Import. */
  readonly importCommand: string;
  imported(report: R): string;
}

/**
 * The handler of a "look for a … database" command: looks at the system's usual place and, when a file is
 * there with rows the catalog lacks, offers to import them, saying how many (from a dry run).
 * - From the palette (no argument): messages say what was found; the offer is awaited and the import runs on
 *   Import. Resolves with what it found and the import's report.
 * - Called by code (an argument object): nothing waits on the user. It resolves with what it found (the
 *   caller imports with the import command and `{ file }`); `offer: true` also shows the offer, not awaited.
 *   `quiet: true` (the start-up look, with `offer`) says nothing when there is nothing to offer, logs a file
 *   it cannot read, and does not offer a file the user answered "Don't Ask Again" for.
 */
export function offerFoundDatabase<R>(o: DatabaseOffer<R>): CommandHandler {
  // The quiet look at start-up is skipped once the user looked this session: one offer, not two.
  let looked = false;
  return async (arg?: unknown) => {
    const a = readArgs(o.command, arg, { quiet: 'boolean', offer: 'boolean' });
    const quiet = a?.quiet === true;
    const byCode = a !== undefined;
    if (quiet && looked) return undefined;
    // Code that only asks what is there (no offer) does not count as the user having looked.
    if (!byCode || quiet || a?.offer === true) looked = true;
    const say = (message: string): void => {
      if (!quiet && !byCode) void vscode.window.showInformationMessage(message);
    };
    return runCommand({ title: o.title, log: o.log, programmatic: byCode && !quiet }, async (): Promise<FoundDatabase | undefined> => {
      const file = o.find();
      if (!file) {
        say(o.notFound(o.place()));
        return undefined;
      }
      let preview: OfferPreview;
      try {
        preview = await o.preview(file);
      } catch (e) {
        if (!quiet) throw e;
        o.log.warn(`${file} was found but cannot be imported: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      }
      const found = { file, alreadyImported: preview.alreadyImported, somethingNew: preview.somethingNew };
      const declined = `importOffer.declined.${preview.sha256}`;
      if (preview.alreadyImported || !preview.somethingNew || (quiet && o.globalState.get(declined))) {
        say(preview.alreadyImported
          ? vscode.l10n.t('{0} was imported before; nothing to do.', file)
          : vscode.l10n.t('{0} holds nothing the catalog does not have already.', file));
        return found;
      }
      if (byCode && a?.offer !== true) return found;
      const offered = offer(o, preview, declined, file);
      if (byCode) {
        // Shown, not awaited: code that asked for the offer is not held until the user answers.
        void offered.catch((e: unknown) => o.log.error(`${o.title}: ${e instanceof Error ? e.message : String(e)}`));
        return found;
      }
      return { ...found, imported: await offered };
    });
  };
}

/** Shows the offer (its question names what would come over: answering Import is the confirmation) and imports on Import. */
async function offer<R>(o: DatabaseOffer<R>, preview: OfferPreview, declined: string, file: string): Promise<R | undefined> {
  const go = vscode.l10n.t('Import');
  const never = vscode.l10n.t("Don't Ask Again");
  const answer = await vscode.window.showInformationMessage(preview.question, go, never);
  if (answer === never) await o.globalState.update(declined, true);
  if (answer !== go) return undefined;
  const imported = await vscode.commands.executeCommand<R>(o.importCommand, { file });
  void vscode.window.showInformationMessage(o.imported(imported));
  return imported;
}
