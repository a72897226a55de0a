import type { Node } from 'yaml';
import { yamlLibrary } from './yaml-library';
import { child } from '../model/field-path';
import { LONE_SURROGATE } from './yaml-scalar';

/** What a YAML reader such as kubectl refuses in a document the yaml package composed, and where. */
export interface NodeProblem {
  /** The offset in the text where it is. */
  readonly at: number;
  /** What is wrong, after the file and place (`YAML syntax error: Map keys must be unique`). */
  readonly message: string;
  readonly hint?: string;
}

/**
 * The first problem, in text order, among:
 *
 * - a key repeated in one map (as the yaml package's `uniqueKeys` finds it: scalar keys of the
 *   same value; the package compares each key with every key before it, so a map of 40,000
 *   keys took 16 s; a set of the keys seen is linear);
 * - a double-quoted string whose escapes give half of a UTF-16 surrogate pair (`"\ud800"`):
 *   it is not text (UTF-8 cannot hold it), and kubectl and Helm refuse it. Raw text cannot
 *   give one (the input was checked to be UTF-8), so only escapes are looked at.
 */
export function firstNodeProblem(node: unknown, at = ''): NodeProblem | undefined {
  const Y = yamlLibrary();
  if (Y.isScalar(node)) return surrogateIn(node, at, 'value');
  if (Y.isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const p = firstNodeProblem(node.items[i], child(at, i));
      if (p) return p;
    }
    return undefined;
  }
  if (!Y.isMap(node)) return undefined;
  const seen = new Set<unknown>();
  for (const pair of node.items) {
    const key = pair.key as Node | null;
    let field = at;
    if (Y.isScalar(key)) {
      const v = key.value;
      // NaN is no key's equal (the yaml package compares with ===).
      if (seen.has(v) && !Number.isNaN(v))
        return { at: key.range?.[0] ?? 0, message: 'YAML syntax error: Map keys must be unique' };
      seen.add(v);
      field = child(at, String(v));
      const p = surrogateIn(key, at, 'key');
      if (p) return p;
    }
    const p = firstNodeProblem(pair.value, field);
    if (p) return p;
  }
  return undefined;
}

function surrogateIn(
  node: { readonly type?: string; readonly value: unknown; readonly range?: readonly number[] | null },
  at: string,
  what: 'key' | 'value',
): NodeProblem | undefined {
  if (node.type !== 'QUOTE_DOUBLE' || typeof node.value !== 'string') return undefined;
  const m = LONE_SURROGATE.exec(node.value);
  if (!m) return undefined;
  const escape = `\\u${m[0].charCodeAt(0).toString(16).padStart(4, '0')}`;
  const where = at === '' ? 'at the top of the document' : `at ${printable(at)}`;
  return {
    at: node.range?.[0] ?? 0,
    message: `cannot read YAML: the ${what} ${where} holds ${escape}, half of a UTF-16 surrogate pair: it is not text, and kubectl and Helm refuse it`,
    hint: 'Write the character itself, or both halves of its escape (\\ud83d\\ude00 is one emoji).',
  };
}

/** `s` with every lone surrogate written as its `\uXXXX` escape (a field path may hold one). */
function printable(s: string): string {
  return s.replace(
    new RegExp(LONE_SURROGATE.source, 'g'),
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
