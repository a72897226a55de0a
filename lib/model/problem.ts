/** How serious a problem is: errors stop synth, warnings are reported. */
export type Severity = 'error' | 'warning';

/**
 * One thing wrong with the output, phrased for the user: where (environment, construct path,
 * object, field), what (the bad value, the rule) and how to fix it (the hint).
 */
export interface Problem {
  readonly severity: Severity;
  /** The rule id, e.g. `schema/unknown-field`, `policy/run-as-non-root`. */
  readonly rule: string;
  /** What is wrong, in a sentence. */
  readonly message: string;
  /** How to fix it. */
  readonly hint: string;
  /** The environment, for synth problems. */
  readonly environment?: string;
  /** The app, for synth problems. */
  readonly app?: string;
  /** The construct path of the object, for synth problems. */
  readonly constructPath?: string;
  /** The file the object came from, for `berth validate`. */
  readonly file?: string;
  /** The object, as `Kind/namespace/name` (or `Kind/name` when cluster-scoped). */
  readonly object?: string;
  /** The field path inside the object, e.g. `spec.template.spec.containers[0].image`. */
  readonly field?: string;
  /** The offending value, when there is one. */
  readonly value?: unknown;
  /**
   * The waiver of this rule on the object's construct, when there is one: validation then drops
   * the problem. A field of the problem, so that a copy (`{ ...p }`) is waived as it is.
   */
  readonly waiver?: Waiver;
}

/** A rule waived for a construct, with the reason the user wrote. */
export interface Waiver {
  readonly rule: string;
  readonly reason: string;
  /** The construct path the waiver was declared on. */
  readonly constructPath: string;
}

/** Thrown when synth finds problems; carries all of them. */
export class ValidationFailed extends Error {
  public constructor(public readonly problems: readonly Problem[]) {
    super(`${problems.filter((p) => p.severity === 'error').length} error(s) found; nothing was written`);
    this.name = 'ValidationFailed';
  }
}
