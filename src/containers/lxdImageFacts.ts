import type { Catalog } from '../store/catalog';
import { architectureName } from './lxdCodes';

/** Where an LXD image was fetched from (LXD's `images_source`): the server it follows for updates. */
export interface LxdImageOrigin {
  readonly server: string;
  readonly protocol: 'lxd' | 'direct' | 'simplestreams';
  readonly alias: string;
}

/** What the catalog stores of one image of an engine besides its row in the Images group. */
export interface LxdImageFacts {
  readonly fingerprint: string;
  readonly architecture: string;
  readonly aliases: readonly { readonly name: string; readonly description: string }[];
  /** LXD's image properties (os, release, description…), by key. */
  readonly properties: readonly { readonly key: string; readonly value: string }[];
  /** Null for an image imported from a file (it follows no server). */
  readonly source: LxdImageOrigin | null;
}

const PROTOCOLS = ['lxd', 'direct', 'simplestreams'] as const;

/**
 * An image's aliases, properties and source, read in one catalog read (names sorted, so a redraw that
 * compares rows sees the same order); undefined when the catalog no longer has the image.
 */
export async function readLxdImageFacts(catalog: Catalog, engineId: number, fingerprint: string): Promise<LxdImageFacts | undefined> {
  return catalog.read(async (em) => {
    const [image] = (await em.query('SELECT id, architecture FROM images WHERE engine_id = ? AND fingerprint = ?', [engineId, fingerprint])) as { id: number; architecture: number }[];
    if (!image) return undefined;
    const aliases = (await em.query('SELECT name, description FROM images_aliases WHERE image_id = ? ORDER BY name', [image.id])) as { name: string; description: string | null }[];
    const properties = (await em.query('SELECT key, value FROM images_properties WHERE image_id = ? ORDER BY key', [image.id])) as { key: string; value: string | null }[];
    const [source] = (await em.query('SELECT server, protocol, alias FROM images_source WHERE image_id = ? ORDER BY id LIMIT 1', [image.id])) as {
      server: string;
      protocol: number;
      alias: string;
    }[];
    return {
      fingerprint,
      architecture: architectureName(Number(image.architecture)),
      aliases: aliases.map((a) => ({ name: a.name, description: a.description ?? '' })),
      properties: properties.map((p) => ({ key: p.key, value: p.value ?? '' })),
      source: source ? { server: source.server, protocol: PROTOCOLS[Number(source.protocol)] ?? 'lxd', alias: source.alias } : null,
    };
  });
}
