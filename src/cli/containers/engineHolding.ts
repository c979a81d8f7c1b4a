import { CliUsageError } from '../cliCommand';
import type { EngineRecord } from '../../containers/engineRecord';
import { enginesHolding, getEngine } from '../../containers/engineRegistry';
import type { Catalog } from '../../store/catalog';

/** The engine holding container or profile `name`: --engine, or the only engine that has it. */
export async function engineHolding(catalog: Catalog, what: 'container' | 'profile', name: string, engineName: string | undefined): Promise<EngineRecord> {
  if (engineName) return getEngine(catalog, engineName);
  const engines = await enginesHolding(catalog, what, name);
  if (!engines.length) throw new Error(`No ${what} "${name}" in the catalog.`);
  if (engines.length > 1) throw new CliUsageError(`"${name}" exists in several engines (${engines.join(', ')}); give --engine`);
  return getEngine(catalog, engines[0]);
}
