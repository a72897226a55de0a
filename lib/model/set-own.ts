/**
 * Sets `obj[key] = value` as an own, enumerable data property, also for the key `__proto__`:
 * assigning that key sets the object's prototype instead, and the entry vanishes from the
 * output (a ConfigMap key or a CRD field named `__proto__` would be silently dropped). Every
 * copy of user data keyed by user strings goes through this.
 */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
