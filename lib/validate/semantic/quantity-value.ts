/**
 * Resource quantities as exact numbers (apimachinery `resource.Quantity`): compared without
 * floating point (`"1.1"` against `"1100m"`, `"1Gi"` against `"1073741824"`) and printed the way
 * the API server prints them in messages (`Quantity.String()`: `"2048Mi"` is `2Gi`, `"0.5"` is
 * `500m`). Malformed quantities are the schema check's; here they are simply not numbers.
 */

/** The value `n / 10^scale` of a quantity, and the format it was written in. */
export interface Amount {
  readonly n: bigint;
  readonly scale: number;
  readonly format: 'BinarySI' | 'DecimalSI' | 'DecimalExponent';
}

const QUANTITY = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;
const BINARY_POWER: Readonly<Record<string, number>> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_EXPONENT: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const DECIMAL_SUFFIX: Readonly<Record<number, string>> = {
  [-9]: 'n',
  [-6]: 'u',
  [-3]: 'm',
  0: '',
  3: 'k',
  6: 'M',
  9: 'G',
  12: 'T',
  15: 'P',
  18: 'E',
};
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** Quantities parsed (a platform writes the same few, "100m", "128Mi", on every container). */
const parsed = new Map<string, Amount | undefined>();

/** The quantity `v` (a string or a JSON number), or undefined when it is not one. */
export function parseAmount(v: unknown): Amount | undefined {
  const text = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : typeof v === 'string' ? v : '';
  if (parsed.has(text)) return parsed.get(text);
  const a = parse(text);
  if (parsed.size < 4096) parsed.set(text, a);
  return a;
}

function parse(text: string): Amount | undefined {
  const m = QUANTITY.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const [, sign, whole, frac = '', suffix = ''] = m;
  let n = BigInt(`${sign === '-' ? '-' : ''}${whole}${frac}` || '0');
  let scale = frac.length;
  let format: Amount['format'] = 'DecimalSI';
  if (suffix in BINARY_POWER) {
    n *= 1024n ** BigInt(BINARY_POWER[suffix]);
    format = 'BinarySI';
  } else if (suffix in DECIMAL_EXPONENT) {
    scale -= DECIMAL_EXPONENT[suffix];
  } else if (suffix !== '') {
    scale -= Number(suffix.slice(1));
    format = 'DecimalExponent';
  }
  if (scale < 0) {
    n *= 10n ** BigInt(-scale);
    scale = 0;
  }
  // The API server keeps nano precision, rounding up what lies beyond it.
  if (scale > 9) {
    const d = 10n ** BigInt(scale - 9);
    n = n > 0n ? (n + d - 1n) / d : n / d;
    scale = 9;
  }
  return { n, scale, format };
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compareAmounts(a: Amount, b: Amount): number {
  const s = Math.max(a.scale, b.scale);
  const x = a.n * 10n ** BigInt(s - a.scale);
  const y = b.n * 10n ** BigInt(s - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether the quantity is a whole number. */
export function isWhole(a: Amount): boolean {
  return a.n % 10n ** BigInt(a.scale) === 0n;
}

/** The quantity as the API server prints it (`Quantity.String()`, canonical form). */
export function canonicalQuantity(a: Amount): string {
  if (a.n === 0n) return '0';
  const abs = a.n < 0n ? -a.n : a.n;
  const whole = isWhole(a);
  if (a.format === 'BinarySI' && whole && abs >= 1024n * 10n ** BigInt(a.scale)) {
    let v = a.n / 10n ** BigInt(a.scale);
    let power = 0;
    while (power < 6 && v % 1024n === 0n) {
      v /= 1024n;
      power++;
    }
    return `${v}${BINARY_SUFFIX[power]}`;
  }
  // Decimal: strip factors of ten, then bring the exponent to a multiple of three.
  let mantissa = a.n;
  let exponent = -a.scale;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  const r = ((exponent % 3) + 3) % 3;
  mantissa *= 10n ** BigInt(r);
  exponent -= r;
  if (a.format === 'DecimalExponent') return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  const suffix = DECIMAL_SUFFIX[exponent];
  return suffix !== undefined ? `${mantissa}${suffix}` : `${mantissa}e${exponent}`;
}

/** The canonical text of a quantity value, or the value as written when it is not one. */
export function quantityText(v: unknown): string {
  const a = parseAmount(v);
  return a ? canonicalQuantity(a) : String(v);
}
