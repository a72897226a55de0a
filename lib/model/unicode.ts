/**
 * Text that is not valid Unicode: a UTF-16 surrogate without its pair (`'x\ud800y'`, or half
 * of an emoji cut by `slice`). Constructs refuse it where it is given (core/input-checks), and
 * validation finds it anywhere in an object (validate/check-unicode).
 */

/** A surrogate that is not part of a pair: in `u` mode a pair is one code point, not a match. */
const LONE_SURROGATE = /\p{Cs}/gu;

/**
 * Whether `text` has no unpaired surrogate: `String.prototype.isWellFormed` (Node 20, not in
 * the ES2022 typings) is native and answers at once for the one-byte strings most text is,
 * several times faster than a regular expression over every string of a synth.
 */
export const isWellFormed: (text: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (text) => (text as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (text) => !/\p{Cs}/u.test(text);

/** Where `text` holds unpaired surrogates: the index (UTF-16 code units) of the first, and how many; undefined when none. */
export function loneSurrogates(text: string): { readonly index: number; readonly count: number } | undefined {
  if (isWellFormed(text)) return undefined;
  let index = -1;
  let count = 0;
  for (const m of text.matchAll(LONE_SURROGATE)) {
    if (count++ === 0) index = m.index ?? 0;
  }
  return count === 0 ? undefined : { index, count };
}

/** What text must be, for messages. */
export const UNICODE_ALLOWED =
  'text whose UTF-16 surrogates are all paired (each of \\ud800-\\udbff followed by one of \\udc00-\\udfff)';

/** The fix for text with unpaired surrogates: which to remove, and where. */
export function unicodeFix(text: string, found: { readonly index: number; readonly count: number }): string {
  const unit = `\\u${text.charCodeAt(found.index).toString(16)}`;
  const more = found.count > 1 ? ` (and the ${found.count - 1} other${found.count > 2 ? 's' : ''} after it)` : '';
  return `Remove the unpaired surrogate ${unit} at index ${found.index}${more}.`;
}
