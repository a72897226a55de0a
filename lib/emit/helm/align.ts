/**
 * Aligning the items of one list across environments, so the chart can merge them item by
 * item: by the `name` key when every item is a map with a name unique in its list, else by
 * position when every environment's list has the same length. Private to `lib/helm`.
 */
import { Hole } from './holes';

/** One item of the merged list: the item's index in each environment that has it. */
export interface AlignedItem {
  /** The item's name (name alignment), or undefined (position alignment). */
  readonly name?: string;
  /** The position in the merged list. */
  readonly position: number;
  /** Environment → index of the item in that environment's list. */
  readonly indexByEnvironment: ReadonlyMap<string, number>;
}

function nameOf(x: unknown): string | undefined {
  if (typeof x !== 'object' || x === null || Array.isArray(x) || Hole.isHole(x)) return undefined;
  const n = (x as Record<string, unknown>).name;
  return typeof n === 'string' ? n : undefined;
}

/**
 * One order of every name that keeps each sequence's order, or undefined when the sequences
 * disagree on the order of names they share.
 */
export function mergeOrder(sequences: readonly (readonly string[])[]): string[] | undefined {
  const merged: string[] = [];
  for (const seq of sequences) {
    let after = -1;
    for (const n of seq) {
      const at = merged.indexOf(n);
      if (at >= 0) {
        after = at;
        continue;
      }
      merged.splice(after + 1, 0, n);
      after += 1;
    }
  }
  for (const seq of sequences) {
    const members = new Set(seq);
    const filtered = merged.filter((n) => members.has(n));
    if (filtered.length !== seq.length || filtered.some((n, i) => n !== seq[i])) return undefined;
  }
  return merged;
}

/** Aligns the lists (environment, items); undefined when neither alignment applies. */
export function alignLists(lists: readonly (readonly [string, readonly unknown[]])[]): AlignedItem[] | undefined {
  const names = lists.map(([, l]) => l.map(nameOf));
  const byName = names.every((ns) => ns.every((n) => n !== undefined) && new Set(ns).size === ns.length);
  if (byName) {
    const order = mergeOrder(names as string[][]);
    if (order) {
      return order.map((name, position) => ({
        name,
        position,
        indexByEnvironment: new Map(
          lists.flatMap(([e], i) => {
            const at = (names[i] as string[]).indexOf(name);
            return at >= 0 ? [[e, at] as const] : [];
          }),
        ),
      }));
    }
  }
  const length = lists[0][1].length;
  if (lists.every(([, l]) => l.length === length)) {
    return Array.from({ length }, (_, position) => ({
      position,
      indexByEnvironment: new Map(lists.map(([e]) => [e, position] as const)),
    }));
  }
  return undefined;
}
