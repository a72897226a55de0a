/**
 * Tree rewrites that share what they do not change: the Helm steps that replace a few strings
 * of a rendered object (release names, value markers) return unchanged subtrees as they are,
 * instead of copying every object of every template.
 */

import { setOwn } from '../../model/set-own';

/** `list` with each item mapped by `f`; `list` itself when no item changed. */
export function mapItems(list: unknown[], f: (item: unknown, index: number) => unknown): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const x = f(list[i], i);
    if (x !== list[i] && !out) out = list.slice(0, i);
    if (out) out.push(x);
  }
  return out ?? list;
}

/** `o` with each value mapped by `f` (same keys, same order); `o` itself when no value changed. */
export function mapValues(
  o: Record<string, unknown>,
  f: (value: unknown, key: string) => unknown,
): Record<string, unknown> {
  const keys = Object.keys(o);
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = f(o[k], k);
    if (v !== o[k] && !out) {
      out = {};
      for (let j = 0; j < i; j++) setOwn(out, keys[j], o[keys[j]]);
    }
    if (out) setOwn(out, k, v);
  }
  return out ?? o;
}
