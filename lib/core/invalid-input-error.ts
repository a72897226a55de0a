/**
 * The error a construct throws for bad input, whichever construct: where (the construct path),
 * which field, the bad value, why, what is allowed, and how to fix it. Its message says all of
 * it on one line; the parts stay readable for tools and tests.
 *
 * @example
 * // dev/shop/web: field replicas: not allowed (got -1). Allowed: a whole number >= 0. Set replicas to 0 or more.
 */
export class InvalidInputError extends Error {
  public constructor(
    /** The construct path (or the factory, e.g. `Peer.ipBlock`). */
    public readonly path: string,
    /** The field, as a path inside the construct's props or the rendered object. */
    public readonly field: string,
    /** The bad value (undefined: none, or one not to repeat, such as a secret). */
    public readonly value: unknown,
    /** What is wrong with it. */
    public readonly reason: string,
    /** What the field accepts. */
    public readonly allowed: string,
    /** How to fix it: one or more sentences. */
    public readonly hint: string,
  ) {
    super(
      `${path || '(root)'}: field ${field}: ${reason}${value === undefined ? '' : ` (got ${shown(value)})`}. Allowed: ${allowed}. ${hint}`,
    );
    this.name = 'InvalidInputError';
  }
}

/** The value as the message shows it: JSON, except what JSON cannot spell (NaN, Infinity, functions, cycles). */
function shown(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
