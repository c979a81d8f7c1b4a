import { defaultRegistriesSeed } from './defaultRegistriesSeed';
import type { OneTimeStep } from './oneTimeStep';

/**
 * Seeds and patches run when a catalog opens, in this order, each exactly once per file.
 * Append only (add one line per new step); never reorder or rename.
 */
export const builtinOneTimeSteps: readonly OneTimeStep[] = [
  defaultRegistriesSeed,
];
