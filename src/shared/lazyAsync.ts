/**
 * A value created on first use. Concurrent callers share one creation; a failed creation is not
 * cached, so the next caller retries (e.g. after the user fixed a broken catalog file).
 */
export interface LazyAsync<T> {
  get(): Promise<T>;
  /** The value if it was created successfully, without creating it. */
  peek(): T | undefined;
}

export function lazyAsync<T>(create: () => Promise<T>): LazyAsync<T> {
  let pending: Promise<T> | undefined;
  let value: T | undefined;
  return {
    get() {
      pending ??= create().then(
        (v) => (value = v),
        (err: unknown) => {
          pending = undefined;
          throw err;
        },
      );
      return pending;
    },
    peek: () => value,
  };
}
