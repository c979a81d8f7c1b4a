import type { Page } from './registryClient';
import { RegistryError } from './registryError';

/** Pages one listing may take: 100 000 names at the usual 100 a page, far beyond any registry a person browses. */
export const MAX_PAGES = 1000;

/**
 * Follows one listing's `Link: rel="next"` cursors and stops a registry that pages forever: a link back
 * to a page already read (itself, or a cycle), or more than `maxPages` pages. The error keeps what was
 * read before: callers have the pages they got.
 */
export class PageWalk {
  private readonly read = new Set<string>();
  private pages = 0;

  constructor(
    private readonly registry: string,
    /** What is listed, for the message: "repositories", "tags of team/app". */
    private readonly what: string,
    private readonly maxPages = MAX_PAGES,
  ) {}

  /** The cursor of the page after `page`, or undefined at the end. */
  after(page: Page<unknown>): string | undefined {
    this.read.add(page.self);
    this.pages++;
    if (page.next === undefined) return undefined;
    const n = `${this.pages} page${this.pages === 1 ? '' : 's'}`;
    if (this.read.has(page.next)) {
      throw new RegistryError('protocol', `${this.registry} sent a next-page link back to a page of ${this.what} already read (${page.next}) after ${n}; stopped listing there.`);
    }
    if (this.pages >= this.maxPages) {
      throw new RegistryError('protocol', `${this.registry} still had a next page after ${n}; stopped there (a listing of ${this.what} reads at most ${this.maxPages} pages).`);
    }
    return page.next;
  }
}
