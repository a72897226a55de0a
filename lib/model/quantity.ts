/**
 * The `resource.Quantity` grammar as Kubernetes parses it (apimachinery `pkg/api/resource`):
 * a signed decimal number followed by one suffix: binary SI (`Ki Mi Gi Ti Pi Ei`), decimal SI
 * (`n u m k M G T P E`) or a decimal exponent (`e3`, `E-2`).
 */
const QUANTITY = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$/;

/** The grammar as a pattern string, for generated validator code. */
export const QUANTITY_PATTERN: string = QUANTITY.source;

/** The suffixes Kubernetes accepts, for messages. */
export const QUANTITY_SUFFIXES = 'Ki Mi Gi Ti Pi Ei (binary), n u m k M G T P E (decimal), e<N>/E<N> (exponent)';

/** Whether `v` is a valid quantity (a finite number or a string in the grammar). */
export function isQuantity(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  return typeof v === 'string' && QUANTITY.test(v);
}

/** A hint for a bad quantity string: the likely intended spelling, if one is obvious. */
export function quantityHint(v: unknown): string {
  if (typeof v === 'string') {
    const m = /^([+-]?[0-9.]+)\s*([A-Za-z]+)$/.exec(v.trim());
    if (m) {
      const fixes: Record<string, string> = {
        K: 'k',
        KB: 'k',
        Kb: 'k',
        KiB: 'Ki',
        MB: 'M',
        MiB: 'Mi',
        GB: 'G',
        GiB: 'Gi',
        TB: 'T',
        TiB: 'Ti',
        mb: 'M',
        gb: 'G',
        kb: 'k',
        mi: 'Mi',
        gi: 'Gi',
        ki: 'Ki',
        g: 'G',
      };
      const fix = fixes[m[2]];
      if (fix) return `Write ${JSON.stringify(m[1] + fix)}; the suffixes are ${QUANTITY_SUFFIXES}.`;
    }
  }
  return `Write a number with one suffix, e.g. "500m", "256Mi", "1.5", "1e3"; the suffixes are ${QUANTITY_SUFFIXES}.`;
}

/** The grammar with the number and the suffix as groups, for parsing. */
const PARTS = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))((?:[KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;

/** What a quantity may look like, for error messages. */
export const QUANTITY_GRAMMAR =
  'a number with an optional suffix: binary Ki, Mi, Gi, Ti, Pi, Ei; decimal n, u, m, k, M, G, T, P, E; or an exponent like 1e3';

/** Bytes per unit of each binary suffix. */
export const BINARY: Readonly<Record<string, number>> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** The numeric value of a quantity (`"1Ki"` → 1024, `"250m"` → 0.25); throws when it is malformed. */
export function parseQuantity(value: string | number): number {
  if (typeof value === 'number') {
    return value;
  }
  const m = PARTS.exec(value);
  if (!m) {
    throw new Error(quantityError(value));
  }
  const n = Number(m[1]);
  const suffix = m[2] ?? '';
  if (suffix in BINARY) return n * BINARY[suffix];
  if (suffix in DECIMAL) return n * DECIMAL[suffix];
  return n * 10 ** Number(suffix.slice(1));
}

/** A guess at what a malformed quantity meant (`did you mean "1Ki" (binary) or "1k" (decimal)?`), or undefined. */
function quantityGuess(value: string): string | undefined {
  const m = /^([+-]?[0-9.]+)\s*([A-Za-z]+)$/.exec(value.trim());
  if (m) {
    const [, num, suffix] = m;
    const upper = suffix.charAt(0).toUpperCase();
    if (/^[KMGTPE]$/i.test(suffix.charAt(0))) {
      const decimal = suffix.charAt(0) === 'K' || suffix.charAt(0) === 'k' ? 'k' : upper;
      return `did you mean "${num}${upper}i" (binary) or "${num}${decimal}" (decimal)?`;
    }
    return undefined;
  }
  return /\s/.test(value) ? 'remove the spaces' : undefined;
}

/** A message for a malformed quantity, with a guess at what was meant. */
export function quantityError(value: string, what = 'quantity'): string {
  const guess = quantityGuess(value);
  return `${JSON.stringify(value)} is not a valid Kubernetes ${what}: expected ${QUANTITY_GRAMMAR}${guess ? `; ${guess}` : ''}`;
}

/** How to fix a malformed quantity, as a sentence. */
export function quantityFix(value: string): string {
  const guess = quantityGuess(value);
  return guess
    ? `${guess.charAt(0).toUpperCase()}${guess.slice(1)}${/[?.]$/.test(guess) ? '' : '.'}`
    : 'Write a number with one of these suffixes.';
}
