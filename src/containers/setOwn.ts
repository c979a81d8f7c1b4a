/**
 * Sets `key` as an own, enumerable data property of `map`. Plain assignment (`map[key] = v`) with the
 * key "__proto__" sets the object's prototype instead and the key is silently lost; config keys and
 * device names come from engines, YAML files and users, so any string must stay an ordinary key.
 */
export function setOwn<T>(map: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
}
