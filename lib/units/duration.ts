import { InvalidInputError } from '../core/invalid-input-error';

const DURATION = Symbol.for('berth.Duration');

/**
 * A span of time, converted to the seconds Kubernetes fields take in one place.
 *
 * @example
 * import { Duration } from 'berth-k8s';
 * const delay = Duration.seconds(10);
 * const ttl = Duration.hours(1);
 */
export class Duration {
  /** Whether `x` is a Duration (brand check). */
  public static isDuration(x: unknown): x is Duration {
    return typeof x === 'object' && x !== null && DURATION in x;
  }

  /** `amount` milliseconds. */
  public static millis(amount: number): Duration {
    return Duration.make(amount, 1, 'millis');
  }
  /** `amount` seconds. */
  public static seconds(amount: number): Duration {
    return Duration.make(amount, 1000, 'seconds');
  }
  /** `amount` minutes. */
  public static minutes(amount: number): Duration {
    return Duration.make(amount, 60_000, 'minutes');
  }
  /** `amount` hours. */
  public static hours(amount: number): Duration {
    return Duration.make(amount, 3_600_000, 'hours');
  }
  /** `amount` days. */
  public static days(amount: number): Duration {
    return Duration.make(amount, 86_400_000, 'days');
  }

  private static make(amount: number, factor: number, unit: string): Duration {
    if (!Number.isFinite(amount) || amount < 0) {
      throw new InvalidInputError(
        `Duration.${unit}`,
        'amount',
        amount,
        'negative or not a finite number',
        'a finite number >= 0',
        `Pass the length of time, e.g. Duration.${unit}(30).`,
      );
    }
    return new Duration(amount * factor);
  }

  private constructor(private readonly ms: number) {
    Object.defineProperty(this, DURATION, { value: true });
  }

  /** Milliseconds. */
  public toMilliseconds(): number {
    return this.ms;
  }

  /**
   * Whole seconds, as Kubernetes `*Seconds` fields take them; throws when the duration is not a
   * whole number of seconds. `field` names the field in the message (a function is called only
   * then, so hot paths need not build the text).
   */
  public toSeconds(field: string | (() => string) = 'duration'): number {
    if (this.ms % 1000 !== 0) {
      throw new Error(
        `${typeof field === 'function' ? field() : field}: ${this.ms}ms is not a whole number of seconds, which is the resolution of this Kubernetes field; round it to Duration.seconds(${Math.ceil(this.ms / 1000)})`,
      );
    }
    return this.ms / 1000;
  }
}
