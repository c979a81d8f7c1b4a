import type { WriteHint } from '../store/catalog';
import { registryChangeKey } from './registryChangeKey';

/**
 * The hint a registries write gives the store, so views redraw just that registry: its row only, or
 * (`listing`) also what it lists (tracked repositories, the login it lists with).
 */
export function registryWriteHint(registryId: string, scope: 'row' | 'listing'): WriteHint {
  const touched = [registryChangeKey.row(registryId)];
  if (scope === 'listing') touched.push(registryChangeKey.listing(registryId));
  return { touched };
}
