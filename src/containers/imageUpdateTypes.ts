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

export type CheckProgress = (done: number, total: number) => void;
