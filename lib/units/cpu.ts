import { isQuantity } from './quantity';
import { InvalidInputError } from '../core/invalid-input-error';

const CPU = Symbol.for('berth.Cpu');

/**
 * An amount of CPU, in millicores. Rendered as `250m`, or as whole cores (`2`) when exact.
 *
 * @example
 * import { Cpu } from 'berth-k8s';
 * const small = Cpu.millis(250);
 * const big = Cpu.cores(2);
 * const parsed = Cpu.of('500m');
 */
export class Cpu {
  /** Whether `x` is a Cpu (brand check). */
  public static isCpu(x: unknown): x is Cpu {
    return typeof x === 'object' && x !== null && CPU in x;
  }

  /** `amount` millicores (a whole, non-negative number). */
  public static millis(amount: number): Cpu {
    if (!Number.isInteger(amount) || amount < 0) {
      throw new InvalidInputError(
        'Cpu.millis',
        'amount',
        amount,
        'not a whole number of millicores >= 0',
        'a whole number >= 0 (Kubernetes cannot express less than 1m)',
        'Round it, e.g. Cpu.millis(250).',
      );
    }
    return new Cpu(amount);
  }

  /** `amount` cores; fractions down to 0.001 (1m). */
  public static cores(amount: number): Cpu {
    const millis = Math.round(amount * 1000);
    if (!Number.isFinite(amount) || amount < 0 || Math.abs(millis - amount * 1000) > 1e-6) {
      throw new InvalidInputError(
        'Cpu.cores',
        'amount',
        amount,
        'negative, or finer than 1m',
        'a number of cores >= 0 with at most 3 decimals (1m precision)',
        'Use Cpu.millis() for fine amounts.',
      );
    }
    return new Cpu(millis);
  }

  /** Parses a CPU quantity: whole or decimal cores (`1`, `0.5`) or millicores (`250m`). */
  public static of(quantity: string): Cpu {
    const m = /^([0-9]+(?:\.[0-9]{1,3})?)$|^([0-9]+)m$/.exec(quantity);
    if (!m) {
      const why = isQuantity(quantity) ? 'a quantity but not a CPU amount' : 'not a valid CPU quantity';
      throw new InvalidInputError(
        'Cpu.of',
        'quantity',
        quantity,
        why,
        'cores like "1" or "0.5", or millicores like "250m"',
        'Write the amount in cores or millicores, or use Cpu.cores()/Cpu.millis().',
      );
    }
    return m[1] !== undefined ? Cpu.cores(Number(m[1])) : Cpu.millis(Number(m[2]));
  }

  private constructor(public readonly millicores: number) {
    Object.defineProperty(this, CPU, { value: true });
  }

  /** The wire format: `"250m"`, or `"2"` for whole cores. */
  public toQuantity(): string {
    return this.millicores % 1000 === 0 ? String(this.millicores / 1000) : `${this.millicores}m`;
  }

  /** Same as {@link toQuantity}. */
  public toString(): string {
    return this.toQuantity();
  }
}
