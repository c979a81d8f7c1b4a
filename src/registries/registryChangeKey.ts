/**
 * Keys the registries capability puts in a catalog write's hint (WriteHint.touched), so the Registries
 * view can redraw just the registry that changed instead of re-reading its whole list.
 */
export const registryChangeKey = {
  /** The registry's own row changed (name, address, TLS, login state, last check). */
  row: (registryId: string): string => `registry:${registryId}`,
  /**
   * What the registry shows below it changed too: its tracked repositories, or the credentials it is
   * listed with (a new login). Its children are read again.
   */
  listing: (registryId: string): string => `registry:${registryId}:listing`,
  parse(key: string): { registryId: string; listing: boolean } | undefined {
    const m = /^registry:([^:]+)(:listing)?$/.exec(key);
    return m ? { registryId: m[1], listing: m[2] !== undefined } : undefined;
  },
};
