import { CliUsageError } from '../cliCommand';
import { listEngineObjects } from '../../containers/engineObjectLists';
import type { EngineRecord } from '../../containers/engineRecord';
import type { Catalog } from '../../store/catalog';

/**
 * The image `given` names among those the catalog says `engine` holds: its fingerprint (an LXD fingerprint,
 * a Podman/Docker id with or without "sha256:"), a unique prefix of at least 12 characters, or one of its
 * aliases or tags. What the catalog does not list (not synced since) is passed on as given, and the engine
 * answers whether it holds it; a prefix that fits several images is a usage error naming them.
 */
export async function heldImage(catalog: Catalog, engine: EngineRecord, given: string): Promise<string> {
  const value = given.trim().replace(/^sha256:/, '');
  if (!value) throw new CliUsageError('--image needs an image id, fingerprint or tag');
  const images = await listEngineObjects(catalog, engine.id, 'images');
  const exact = images.find((i) => i.fingerprint === value || i.aliases.includes(given.trim()));
  if (exact) return exact.fingerprint;
  const byPrefix = value.length >= 12 && /^[0-9a-f]+$/.test(value) ? images.filter((i) => i.fingerprint.startsWith(value)) : [];
  if (byPrefix.length > 1) throw new CliUsageError(`--image ${given} fits several images of ${engine.name}: ${byPrefix.map((i) => i.fingerprint.slice(0, 16)).join(', ')}`);
  return byPrefix[0]?.fingerprint ?? given.trim();
}
