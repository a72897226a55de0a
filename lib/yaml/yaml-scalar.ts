/**
 * Scalar rendering for the YAML emitter (`./yaml.ts`).
 *
 * The rules are deliberately conservative: a string is written plain only when
 * every YAML 1.1 reader (go-yaml v2/v3 as used by kubectl and Helm, PyYAML,
 * js-yaml, the `yaml` package with `version: '1.1'`) and every YAML 1.2
 * core-schema reader reads that plain scalar back as the very same string.
 * Anything else is double-quoted with JSON-style escapes. Quoting a string that
 * did not need it is harmless; the reverse corrupts data. (Checked by
 * test/synth/yaml.test.ts against `yaml` 1.1 and 1.2 and js-yaml; go-yaml's
 * rules are followed from its resolver, not run.)
 */

/**
 * Characters that may never appear in a plain scalar: C0 controls (tab, LF and CR
 * included), DEL and C1 controls, the YAML 1.1 line breaks NEL/LS/PS, the byte
 * order mark, the non-characters U+FFFE/U+FFFF; plus the in-line indicators
 * `: ` (mapping value), ` #` (comment) and a trailing `:`.
 */
const UNSAFE_INSIDE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|: | #|:$/;

/** Lone UTF-16 surrogates (unrepresentable in UTF-8: must be escaped). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * A leading indicator (`-?:,[]{}#&*!|>'"%@` and backtick), a leading `~` (null),
 * or leading whitespace of any kind.
 */
const UNSAFE_FIRST = /^[-?:,[\]{}#&*!|>'"%@`~\s]/;

/** Trailing whitespace of any kind. */
const UNSAFE_LAST = /\s$/;

/**
 * Whole-string tokens with a meaning: YAML 1.1 booleans (every case variant,
 * not just the listed ones), the null word, the 1.1 value key `=` and merge key
 * `<<`, `.inf`/`.nan` in any case and sign.
 */
const RESERVED_WORD = /^(?:[yn]|yes|no|true|false|on|off|null|=|<<|[-+]?\.(?:inf|nan))$/i;

/**
 * Anything that starts like a number (optional sign, then a digit, a dot, or an
 * exponent `e9`, which the `yaml` package's 1.1 schema reads as a float) and
 * then uses only characters that occur in YAML 1.1/1.2 ints and floats of any
 * base and form: digits, hex digits, the base prefixes `x o b`, `_` separators,
 * `:` sexagesimal separators, `.`, signs and exponents. This over-approximates
 * every numeric form of both versions (and `.`, `...`, `1.2.3` along the way).
 */
const NUMBER_LIKE = /^[-+]?(?:[0-9.]|[eE][-+]?[0-9])[0-9a-fA-FxXoObB_:.+-]*$/;

/** YAML 1.1 timestamps all start with a `yyyy-m-d` date. */
const TIMESTAMP_LIKE = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/;

/** Fast path: identifiers, DNS names, label keys, paths, image refs without ports. */
const SIMPLE = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;

/** True when `s` can be written as a plain scalar on one line. */
export function isPlainSafe(s: string): boolean {
  if (s.length === 0) return false;
  if (SIMPLE.test(s)) {
    // Only letters/digits/`_./-`, starts with a letter, `_` or `/`: just the
    // boolean/null words and exponent-only floats (`e9`) can misread.
    if (s.length <= 5 && RESERVED_WORD.test(s)) return false;
    const c = s.charCodeAt(0);
    return !((c === 101 || c === 69) && NUMBER_LIKE.test(s));
  }
  if (UNSAFE_FIRST.test(s) || UNSAFE_LAST.test(s) || UNSAFE_INSIDE.test(s)) return false;
  // `... ` at the start of a line ends the document (a top-level key or scalar).
  if (s.startsWith('...')) return false;
  if (RESERVED_WORD.test(s) || NUMBER_LIKE.test(s) || TIMESTAMP_LIKE.test(s)) return false;
  if (LONE_SURROGATE.test(s)) return false;
  return true;
}

/** Characters `JSON.stringify` leaves raw that YAML needs escaped. */
const NEEDS_EXTRA_ESCAPE = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;

function hex4(c: string): string {
  return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
}

/**
 * Double-quoted YAML scalar with JSON-style escapes (`\"`, `\\`, `\n`, `\t`,
 * `\uXXXX`...). JSON strings are valid YAML double-quoted scalars; on top of
 * `JSON.stringify` this escapes the characters YAML does not allow raw or reads
 * as line breaks (DEL, C1 controls, NEL, LS, PS, BOM, U+FFFE/U+FFFF). Lone
 * surrogates come out as `\udXXX` (well-formed `JSON.stringify`). Never folded.
 */
export function doubleQuote(s: string): string {
  const j = JSON.stringify(s);
  NEEDS_EXTRA_ESCAPE.lastIndex = 0;
  return NEEDS_EXTRA_ESCAPE.test(j) ? j.replace(NEEDS_EXTRA_ESCAPE, hex4) : j;
}

const CACHE_LIMIT = 50_000;
const CACHE_MAX_LEN = 256;
let cache = new Map<string, string>();

/** The one-line rendering of a string: plain when safe, else double-quoted. */
export function scalarString(s: string): string {
  let r = cache.get(s);
  if (r !== undefined) return r;
  r = isPlainSafe(s) ? s : doubleQuote(s);
  if (s.length <= CACHE_MAX_LEN) {
    if (cache.size >= CACHE_LIMIT) cache = new Map();
    cache.set(s, r);
  }
  return r;
}

/**
 * Anything that keeps a multi-line string out of a literal block: non-printable
 * characters, tabs, CR and the YAML 1.1 line breaks, and trailing spaces on a
 * line (editors and some tools strip those, so they are written as escapes).
 */
const LITERAL_UNSAFE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]| \n| $/;

/**
 * The header (`|`, `|-`, `|+`, with indentation indicator `2` when needed) and the
 * lines of a literal block scalar for a string containing `\n`, or `undefined`
 * when the string must be double-quoted instead.
 */
export function literalBlock(s: string): { header: string; lines: string[] } | undefined {
  if (LITERAL_UNSAFE.test(s) || LONE_SURROGATE.test(s)) return undefined;
  // Only line breaks: nothing to anchor the block's indentation on.
  if (!/[^\n]/.test(s)) return undefined;
  let chomp: string;
  let body: string;
  if (s.charCodeAt(s.length - 1) !== 10) {
    chomp = '-';
    body = s;
  } else if (s.charCodeAt(s.length - 2) !== 10) {
    chomp = '';
    body = s.slice(0, -1);
  } else {
    chomp = '+';
    body = s.slice(0, -1);
  }
  // Auto-detected indentation would swallow leading spaces of the first
  // non-empty line: state the indentation explicitly (2, relative to the parent).
  const c0 = s.charCodeAt(0);
  const indicator = c0 === 32 || c0 === 10 ? '2' : '';
  return { header: '|' + indicator + chomp, lines: body.split('\n') };
}
