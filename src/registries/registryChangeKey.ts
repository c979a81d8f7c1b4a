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
  /**
   * Only the stored copy of what the registry lists changed (the view that read it wrote it): the
   * registry's row and what this window shows are unchanged, so the view that wrote it redraws nothing.
   */
  stored: (registryId: string): string => `registry:${registryId}:stored`,
  parse(key: string): { registryId: string; listing: boolean; stored: boolean } | undefined {
    const m = /^registry:([^:]+)(:listing|:stored)?$/.exec(key);
    return m ? { registryId: m[1], listing: m[2] === ':listing', stored: m[2] === ':stored' } : undefined;
  },
};
