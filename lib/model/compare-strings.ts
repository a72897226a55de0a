/**
 * Compares strings by UTF-16 code units, the order of `Array.prototype.sort()`: the same on
 * every machine, unlike `localeCompare`, whose order follows the locale of the environment.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
