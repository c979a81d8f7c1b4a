import type { EntityManager } from 'typeorm';
import { v7 } from 'uuid';
import type { OneTimeStep } from './oneTimeStep';

/** True once `step` is recorded in `seeds` (applied) or `patches`. */
export async function isStepApplied(em: EntityManager, step: OneTimeStep): Promise<boolean> {
  const rows: unknown[] = step.kind === 'seed'
    ? await em.query(`SELECT 1 FROM "seeds" WHERE "name" = ? AND "applied" = 1`, [step.name])
    : await em.query(`SELECT 1 FROM "patches" WHERE "name" = ?`, [step.name]);
  return rows.length > 0;
}

/**
 * Runs `step` unless already recorded, and records it, inside the caller's transaction (use within
 * Catalog.write so the step and its record commit together). Returns whether it ran.
 */
export async function runOnce(em: EntityManager, step: OneTimeStep): Promise<boolean> {
  if (await isStepApplied(em, step)) return false;
  await step.run(em);
  if (step.kind === 'seed') {
    // A row with applied = 0 (Container Kit's "registered, not run") is completed rather than duplicated.
    await em.query(
      `INSERT INTO "seeds" ("id", "name", "applied") VALUES (?, ?, 1) ON CONFLICT ("name") DO UPDATE SET "applied" = 1`,
      [v7(), step.name],
    );
  } else {
    await em.query(`INSERT INTO "patches" ("name", "applied_at") VALUES (?, strftime('%Y-%m-%d %H:%M:%f', 'now'))`, [step.name]);
  }
  return true;
}

/** Runs the pending steps in order, each in its own transaction; returns the names that ran. */
export async function runOneTimeSteps(
  transaction: <T>(fn: (em: EntityManager) => Promise<T>) => Promise<T>,
  steps: readonly OneTimeStep[],
): Promise<string[]> {
  const ran: string[] = [];
  for (const step of steps) {
    if (await transaction((em) => runOnce(em, step))) ran.push(`${step.kind} ${step.name}`);
  }
  return ran;
}
