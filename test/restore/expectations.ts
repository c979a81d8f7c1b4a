import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { ENV_RESULTS_FILE } from '../integration/support/protocol';

/** What the host before the reload opened, for the host after it to check. */
export interface RestoreExpectations {
  /** draftUrl: the address as typed (with a password in it); restoredUrl: what the page may keep of it. */
  registry: { id: string; name: string; url: string; draftName: string; draftUrl: string; restoredUrl: string };
  container: { id: string; name: string; tab: string; tabIndex: number };
  /** A registry whose panel sits in a background tab; the second host removes it before showing the tab. */
  removed: { id: string; name: string };
  /** LXD access for the second half's cleanup (engine name as connected in the first). */
  engine: string;
}

function file(): string {
  const counts = process.env[ENV_RESULTS_FILE];
  if (!counts) throw new Error(`${ENV_RESULTS_FILE} is not set: run through the driver (runHost --restore)`);
  return `${counts}.expect.json`;
}

export function saveExpectations(e: RestoreExpectations): void {
  writeFileSync(`${file()}.tmp`, JSON.stringify(e));
  renameSync(`${file()}.tmp`, file());
}

export function loadExpectations(): RestoreExpectations {
  return JSON.parse(readFileSync(file(), 'utf8')) as RestoreExpectations;
}
