/**
 * Holes: the places in a chart object where the template computes a value instead of carrying
 * a literal. Private to `lib/helm`.
 */

/** How a value hole is written. */
export type HoleFormat =
  /** A scalar or anything inline: `{{ .Values.x | toJson }}`. */
  | 'json'
  /** An object or list: `{{- toYaml .Values.x | nindent N }}`. */
  | 'yaml';

/** A part of an interpolated string: literal text or a value. */
export type InterpolationPart =
  | string
  | { readonly path: string; readonly integer: boolean }
  /** An object's name, following the release. */
  | { readonly name: string }
  /** A template expression (`.Release.Namespace`). */
  | { readonly expr: string };

/** What a hole computes. */
export type HoleSpec =
  | { readonly hole: 'value'; path: string; readonly format: HoleFormat }
  | { readonly hole: 'interp'; readonly parts: readonly InterpolationPart[] }
  /**
   * An object's name, following the release. `max` (with the `rule` that sets it) is the longest
   * the release-prefixed name may be: rendering fails beyond it. Set only where a release name
   * (at most 53 characters) can push the name past it.
   */
  | { readonly hole: 'name'; readonly name: string; readonly max?: number; readonly rule?: string }
  | { readonly hole: 'expr'; readonly expr: string };

const HOLE = Symbol.for('berth.helm.Hole');

/** A computed place in a template tree; equal holes have equal {@link Hole.key}s. */
export class Hole {
  /** Whether `x` is a hole. */
  public static isHole(x: unknown): x is Hole {
    return typeof x === 'object' && x !== null && HOLE in x;
  }

  public constructor(public readonly spec: HoleSpec) {
    Object.defineProperty(this, HOLE, { value: true });
  }

  /** Identity for comparisons across environments. */
  public get key(): string {
    return JSON.stringify(this.spec);
  }
}

const GUARD = Symbol.for('berth.helm.Guard');

/** The boolean value a {@link Guard} tests; its path is chosen after derivation. */
export interface GuardCondition {
  path: string;
}

/**
 * A map entry's value or a list item that exists only in some environments: the template
 * writes it inside `{{ if .Values.<condition.path> }} ... {{ end }}`.
 */
export class Guard {
  /** Whether `x` is a guard. */
  public static isGuard(x: unknown): x is Guard {
    return typeof x === 'object' && x !== null && GUARD in x;
  }

  public constructor(
    public readonly condition: GuardCondition,
    public readonly value: unknown,
  ) {
    Object.defineProperty(this, GUARD, { value: true });
  }

  /** The same guard around another value. */
  public map(f: (value: unknown) => unknown): Guard {
    return new Guard(this.condition, f(this.value));
  }
}

/** Deep equality of plain data that may contain holes. */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Hole.isHole(a) || Hole.isHole(b)) return Hole.isHole(a) && Hole.isHole(b) && a.key === b.key;
  if (Guard.isGuard(a) || Guard.isGuard(b)) {
    return Guard.isGuard(a) && Guard.isGuard(b) && a.condition === b.condition && sameData(a.value, b.value);
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameData(x, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) =>
      Object.prototype.hasOwnProperty.call(b, k) &&
      sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/** Whether `v` contains a hole anywhere. */
export function containsHole(v: unknown): boolean {
  if (Hole.isHole(v)) return true;
  if (Guard.isGuard(v)) return containsHole(v.value);
  if (typeof v !== 'object' || v === null) return false;
  return (Array.isArray(v) ? v : Object.values(v)).some(containsHole);
}
