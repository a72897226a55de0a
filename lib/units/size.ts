import { BINARY, isQuantity, parseQuantity, QUANTITY_GRAMMAR, quantityFix } from './quantity';
import { InvalidInputError } from '../core/invalid-input-error';

const SIZE = Symbol.for('berth.Size');

/**
 * An amount of memory or storage. Rendered in the unit it was created with (`256Mi`, `10Gi`).
 *
 * @example
 * import { Size } from 'berth-k8s';
 * const memory = Size.mebibytes(256);
 * const disk = Size.gibibytes(10);
 * const parsed = Size.of('1Gi');
 */
export class Size {
  /** Whether `x` is a Size (brand check). */
  public static isSize(x: unknown): x is Size {
    return typeof x === 'object' && x !== null && SIZE in x;
  }

  /** `amount` bytes. */
  public static bytes(amount: number): Size {
    return Size.unit(amount, '', 'bytes');
  }
  /** `amount` KiB (1024 bytes). */
  public static kibibytes(amount: number): Size {
    return Size.unit(amount, 'Ki', 'kibibytes');
  }
  /** `amount` MiB. */
  public static mebibytes(amount: number): Size {
    return Size.unit(amount, 'Mi', 'mebibytes');
  }
  /** `amount` GiB. */
  public static gibibytes(amount: number): Size {
    return Size.unit(amount, 'Gi', 'gibibytes');
  }
  /** `amount` TiB. */
  public static tebibytes(amount: number): Size {
    return Size.unit(amount, 'Ti', 'tebibytes');
  }

  /**
   * Parses a memory or storage quantity (`512Mi`, `1Gi`, `1G`, `1000`). Refuses malformed
   * quantities and the `m` (milli) suffix, which means thousandths of a byte.
   */
  public static of(quantity: string): Size {
    if (!isQuantity(quantity)) {
      throw new InvalidInputError(
        'Size.of',
        'quantity',
        quantity,
        'not a valid Kubernetes size',
        QUANTITY_GRAMMAR,
        quantityFix(String(quantity)),
      );
    }
    if (/m$/.test(quantity) || quantity.startsWith('-')) {
      throw new InvalidInputError(
        'Size.of',
        'quantity',
        quantity,
        quantity.startsWith('-') ? 'sizes cannot be negative' : '"m" means thousandths of a byte',
        'a size >= 0: bytes, or a number with a suffix such as Ki, Mi, Gi, k, M, G',
        `Did you mean "${quantity.replace(/^-/, '').replace(/m$/, 'Mi')}"?`,
      );
    }
    return new Size(quantity, parseQuantity(quantity));
  }

  /** `amount` of the binary unit `suffix` (no parsing: the quantity is built, not read). */
  private static unit(amount: number, suffix: string, name: string): Size {
    if (!Number.isInteger(amount) || amount < 0) {
      throw new InvalidInputError(
        `Size.${name}`,
        'amount',
        amount,
        'not a whole number >= 0',
        'a whole number >= 0',
        'Use a smaller unit for fractions (e.g. Size.mebibytes(1536) for 1.5Gi).',
      );
    }
    return new Size(`${amount}${suffix}`, amount * (suffix === '' ? 1 : BINARY[suffix]));
  }

  private constructor(
    private readonly quantity: string,
    public readonly bytesValue: number,
  ) {
    Object.defineProperty(this, SIZE, { value: true });
  }

  /** The number of bytes. */
  public toBytes(): number {
    return this.bytesValue;
  }

  /** The wire format, e.g. `"256Mi"`. */
  public toQuantity(): string {
    return this.quantity;
  }

  /** Same as {@link toQuantity}. */
  public toString(): string {
    return this.quantity;
  }
}
