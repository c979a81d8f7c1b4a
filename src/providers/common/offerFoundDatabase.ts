import * as vscode from 'vscode';
import { readArgs } from './commandArgs';
import { runCommand, type CommandHandler } from './runCommand';

/** What a look at a seed system's usual place resolves with. */
export interface FoundDatabase {
  readonly file: string;
  readonly alreadyImported: boolean;
  /** The import's report when the user chose to import. */
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
 * there with rows the catalog lacks, offers to import them, saying how many (from a dry run). `{ quiet:
 * true }`, what the start-up look runs, says nothing when there is nothing to offer and does not ask again
 * about a file the user answered "Don't Ask Again" for. Resolves with what it found, or undefined.
 */
export function offerFoundDatabase<R>(o: DatabaseOffer<R>): CommandHandler {
  // The quiet look at start-up is skipped once the user looked this session: one offer, not two.
  let looked = false;
  return async (arg?: unknown) => {
    const a = readArgs(o.command, arg, { quiet: 'boolean' });
    const quiet = a?.quiet === true;
    if (quiet && looked) return undefined;
    looked = true;
    // An offer is a question to the user, whoever started it: failures are shown (or, when quiet, logged).
    return runCommand({ title: o.title, log: o.log, programmatic: false }, async (): Promise<FoundDatabase | undefined> => {
      const file = o.find();
      if (!file) {
        if (!quiet) void vscode.window.showInformationMessage(o.notFound(o.place()));
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
      const declined = `importOffer.declined.${preview.sha256}`;
      if (preview.alreadyImported || !preview.somethingNew || (quiet && o.globalState.get(declined))) {
        if (!quiet) {
          void vscode.window.showInformationMessage(preview.alreadyImported
            ? vscode.l10n.t('{0} was imported before; nothing to do.', file)
            : vscode.l10n.t('{0} holds nothing the catalog does not have already.', file));
        }
        return { file, alreadyImported: preview.alreadyImported };
      }
      // The offer names what would come over (the dry run above): answering Import is the confirmation.
      const go = vscode.l10n.t('Import');
      const never = vscode.l10n.t("Don't Ask Again");
      const answer = await vscode.window.showInformationMessage(preview.question, go, never);
      if (answer === never) await o.globalState.update(declined, true);
      if (answer !== go) return { file, alreadyImported: false };
      const imported = await vscode.commands.executeCommand<R>(o.importCommand, { file });
      void vscode.window.showInformationMessage(o.imported(imported));
      return { file, alreadyImported: false, imported };
    });
  };
}
