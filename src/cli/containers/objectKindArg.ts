import { CliUsageError } from '../cliCommand';
import type { ManagedKind } from '../../containers/manageEngineObjects';

const KINDS: readonly ManagedKind[] = ['network', 'volume', 'profile'];

/** The `<network|volume|profile>` word of `objects create|delete`. */
export function objectKindArg(word: string): ManagedKind {
  if (!KINDS.includes(word as ManagedKind)) throw new CliUsageError(`the kind is one of ${KINDS.join(', ')}, not "${word}"`);
  return word as ManagedKind;
}
