/**
 * An object that is built on its first use. A face that holds a core service from activation on (the
 * Registries view's RegistryService) would otherwise load the core bundle (dist/core.js, platform/loadCore.ts)
 * while activating. Methods are bound to the built object, so its private members work through the stand-in.
 */
export function deferredInstance<T extends object>(make: () => T): { value: T; built: () => T | undefined } {
  let built: T | undefined;
  const value = new Proxy({} as T, {
    get: (_, key) => {
      built ??= make();
      const v: unknown = Reflect.get(built, key, built);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(built) : v;
    },
    set: (_, key, v) => Reflect.set((built ??= make()), key, v),
    has: (_, key) => Reflect.has((built ??= make()), key),
  });
  return { value, built: () => built };
}
