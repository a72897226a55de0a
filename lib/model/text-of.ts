/**
 * `v` as text, for values that should be strings but, in bad input, may be anything: a label
 * value, a selector's key. `String(v)` throws for an object without a prototype or with a
 * `toString` that is not a function, which would crash a check instead of letting the schema
 * check report the value. Objects and arrays become their JSON.
 */
export function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v !== 'object' || v === null) return String(v as string);
  try {
    return JSON.stringify(v) ?? Object.prototype.toString.call(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}
