/** What the outdated check found for one engine image that has a source to compare with. */
export interface ImageVerdict {
  readonly id: number;
  readonly fingerprint: string;
  /** The tag or alias the image is known by. */
  readonly name: string;
  /** Where it was compared: `registry/repo:tag` or `server alias`. */
  readonly source: string;
  readonly outdated: boolean;
  /** What the source serves now (manifest digest or LXD fingerprint). */
  readonly latest: string;
  /** Simplestreams: the ETags of the server's files, JSON, for the next conditional check. */
  readonly etags?: string;
}

/** An image whose source could not be asked (named, with the reason); the others are still applied. */
export interface ImageCheckError {
  readonly image: string;
  readonly message: string;
}

/**
 * A registry that answered 429 during a check: it was asked nothing more in that check (asking on would only
 * prolong the limit), and its images keep the marks they had.
 */
export interface RateLimitedRegistry {
  /** The registry's host as image references name it. */
  readonly registry: string;
  /** The registry's refusal, saying when to try again. */
  readonly message: string;
  /** From its Retry-After, when it sent one. */
  readonly retryAfterSeconds?: number;
  /** Its tags this check did not compare (the refused one included). */
  readonly notChecked: number;
}

export type CheckProgress = (done: number, total: number) => void;
