import type { EntityManager } from 'typeorm';
import type { OneTimeStep } from './oneTimeStep';
import { isStepApplied, runOnce } from './runOneTimeSteps';

/**
 * An import of another program's database, recorded as an LXD-style patch named after the program and
 * the sha256 of the file's bytes: the same content is imported once, whatever the path it is read from
 * (and a file that changed since is a new import).
 */
export function importPatchName(program: string, sha256: string): string {
  return `import.${program}:${sha256}`;
}

/** True when this content was imported into the catalog before. */
export function wasImported(em: EntityManager, program: string, sha256: string): Promise<boolean> {
  return isStepApplied(em, probe(program, sha256));
}

/** Runs `run` and records the import in the caller's transaction, unless recorded already. Returns whether it ran. */
export function importOnce(em: EntityManager, program: string, sha256: string, run: (em: EntityManager) => Promise<void>): Promise<boolean> {
  return runOnce(em, { ...probe(program, sha256), run });
}

function probe(program: string, sha256: string): OneTimeStep {
  return { kind: 'patch', name: importPatchName(program, sha256), run: async () => undefined };
}
