/**
 * The Kubernetes resource quantity grammar (`resource.Quantity`), checked in one place:
 *
 * ```
 * <quantity> ::= <signedNumber><suffix>
 * <suffix>   ::= <binarySI> | <decimalExponent> | <decimalSI>
 * <binarySI> ::= Ki | Mi | Gi | Ti | Pi | Ei
 * <decimalSI>::= n | u | m | "" | k | M | G | T | P | E
 * <decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber>
 * ```
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */

const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))((?:[KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;

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

/**
 * Whether a value is a valid Kubernetes quantity string (or a finite number). One grammar for
 * the whole library: the validator's, re-exported.
 */
export { isQuantity } from '../model/quantity';

/** The numeric value of a quantity (`"1Ki"` → 1024, `"250m"` → 0.25); throws when it is malformed. */
export function parseQuantity(value: string | number): number {
  if (typeof value === 'number') {
    return value;
  }
  const m = QUANTITY.exec(value);
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
