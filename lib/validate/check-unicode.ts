import { UNICODE_RULE } from '../model/rule-names';
import { child } from '../model/field-path';
import { Finding } from './finding';
import { isWellFormed, loneSurrogates, unicodeFix } from '../model/unicode';

/**
 * Text that is not valid Unicode: a UTF-16 surrogate without its pair (`'x\ud800y'`, or half
 * of an emoji cut by `slice`). JavaScript strings may hold one, but no YAML or JSON reader of
 * the output takes it: written as the escape `"\ud800"`, kubectl's and Helm's YAML parser
 * refuse the whole file; written as UTF-8 it cannot be encoded at all (Node writes U+FFFD).
 * Constructs refuse it where it is given (core/input-checks); this check finds it anywhere in
 * an object, keys included, for values set through escape hatches and for `berth validate`.
 */

/**
 * Whether `v` holds an unpaired surrogate in any string or key: the fast pass over every
 * object of a synth, so it allocates nothing (`for...in` over plain data, which inherits no
 * enumerable member); the paths are worked out only for an object that has one.
 */
function hasLoneSurrogate(v: unknown): boolean {
  if (typeof v === 'string') return !isWellFormed(v);
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (hasLoneSurrogate(v[i])) return true;
    return false;
  }
  for (const k in v) {
    if (!isWellFormed(k) || hasLoneSurrogate((v as Record<string, unknown>)[k])) return true;
  }
  return false;
}

/** Finds every string and key of `v` (at `path`) with unpaired surrogates; `shown`: whether a value may be repeated. */
function collect(v: unknown, path: string, shown: boolean, out: Finding[]): void {
  if (typeof v === 'string') {
    const found = loneSurrogates(v);
    if (found)
      out.push(
        finding(path || 'the object', shown ? v : undefined, v, found, `${path || 'the value'} is not valid Unicode`),
      );
    return;
  }
  if (typeof v !== 'object' || v === null) return;
  if (Array.isArray(v)) {
    v.forEach((x, i) => collect(x, child(path, i), shown, out));
    return;
  }
  for (const k of Object.keys(v)) {
    const at = child(path, k);
    const found = loneSurrogates(k);
    if (found)
      out.push(
        finding(at, k, k, found, `the key ${JSON.stringify(k)}${path ? ` in ${path}` : ''} is not valid Unicode`),
      );
    collect((v as Record<string, unknown>)[k], at, shown, out);
  }
}

function finding(
  field: string,
  value: string | undefined,
  text: string,
  found: { readonly index: number; readonly count: number },
  what: string,
): Finding {
  return {
    rule: UNICODE_RULE,
    field,
    value,
    message: `${what}: it holds an unpaired UTF-16 surrogate, which kubectl and Helm cannot read (the file would be refused)`,
    hint: unicodeFix(text, found),
  };
}

/**
 * Checks every string and key of an object for unpaired surrogates; one finding per bad
 * string. A Secret's values are not repeated in the findings.
 */
export function checkUnicode(object: unknown): Finding[] {
  if (!hasLoneSurrogate(object)) return [];
  const out: Finding[] = [];
  const secret = typeof object === 'object' && object !== null && (object as { kind?: unknown }).kind === 'Secret';
  collect(object, '', !secret, out);
  return out;
}
