import type { EntityManager } from 'typeorm';

/**
 * A data step that must run exactly once per catalog file: a Container Kit seed (recorded in
 * `seeds`) or an LXD-style patch (recorded in `patches`). Both kinds go through runOneTimeSteps.
 */
export interface OneTimeStep {
  readonly kind: 'seed' | 'patch';
  /** Stable, unique name; renaming it makes the step run again. */
  readonly name: string;
  run(em: EntityManager): Promise<void>;
}
