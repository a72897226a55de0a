/**
 * Turns the props of an API object into plain data: the one place where lazy values and
 * placeholders become wire values.
 *
 * Rules, applied in order to every value:
 * - `undefined` is dropped (an absent field), `null` is kept (a `nullable` field set to null);
 * - a {@link Resolvable} (a Berth value placeholder) is resolved for the current output;
 * - a string or number carrying a token (a Helm value placeholder) is replaced by the
 *   registered {@link PrimitiveTokenResolver}s;
 * - a cdk8s `Lazy` (anything with a `produce()` method) is produced;
 * - arrays keep their order; plain objects get their keys sorted (deterministic output);
 * - anything else that is not plain data (a class instance, a function, a symbol, NaN) is an
 *   error naming the field path, so output never contains `[object Object]`.
 */

import { sortKeys } from './sort-keys';
import { setOwn } from './set-own';

/** Marks values that resolve differently per output (plain YAML, Helm template). */
export const RESOLVABLE = Symbol.for('berth.resolvable');

/** The output a value is being resolved for. */
export interface ResolveContext {
  /** `plain` for Kubernetes YAML, `helm` for chart templates. */
  readonly output: 'plain' | 'helm';
}

/** A value that resolves per output, such as a Helm value placeholder. */
export interface Resolvable {
  readonly [RESOLVABLE]: true;
  /** Returns the value to emit for `context`. */
  resolve(context: ResolveContext): unknown;
}

/** Whether `x` is a {@link Resolvable}; a brand check, so it works across library copies. */
export function isResolvable(x: unknown): x is Resolvable {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[RESOLVABLE] === true;
}

/** Thrown when a value cannot be turned into data. Carries the field path. */
export class ResolveError extends Error {
  public constructor(public readonly field: string, public readonly reason: string) {
    super(`${field || '(root)'}: ${reason}`);
    this.name = 'ResolveError';
  }
}

const PLAIN_CONTEXT: ResolveContext = { output: 'plain' };
let current: ResolveContext = PLAIN_CONTEXT;

/** The context values are resolved for right now. */
export function currentResolveContext(): ResolveContext {
  return current;
}

/** Runs `fn` with `context` as the current resolve context. */
export function withResolveContext<T>(context: ResolveContext, fn: () => T): T {
  const previous = current;
  current = context;
  try {
    return fn();
  } finally {
    current = previous;
  }
}

/**
 * Replaces tokens carried inside strings and numbers (Helm value placeholders, which must fit
 * where a construct takes a `string` or a `number`). Registered by the module that issues them.
 */
export interface PrimitiveTokenResolver {
  /** The value to emit for `value` in `context`, or `value` itself when it carries no token. */
  resolvePrimitive(value: string | number, context: ResolveContext): unknown;
}

const primitiveResolvers: PrimitiveTokenResolver[] = [];

/** Registers a {@link PrimitiveTokenResolver} (once; registering it again does nothing). */
export function registerPrimitiveTokenResolver(resolver: PrimitiveTokenResolver): void {
  if (!primitiveResolvers.includes(resolver)) primitiveResolvers.push(resolver);
}

function resolvePrimitive(value: string | number, context: ResolveContext, field: string): unknown {
  for (const r of primitiveResolvers) {
    const v = r.resolvePrimitive(value, context);
    if (v !== value) return resolveWithPath(v, context, field);
  }
  return value;
}

interface Producer {
  produce(): unknown;
}

function isProducer(x: object): x is Producer {
  return typeof (x as Partial<Producer>).produce === 'function';
}

/** How many nulls resolving has produced in this process (see {@link renderedNullCount}). */
let nullsRendered = 0;

/**
 * A counter of the nulls resolving has produced so far: unchanged across a render means the
 * rendered data holds no null, which validation then need not look for.
 */
export function renderedNullCount(): number {
  return nullsRendered;
}

/** Resolves `value` into plain JSON-compatible data (see the module comment for the rules). */
export function resolveValue(value: unknown, context: ResolveContext = current, field = ''): unknown {
  try {
    return resolveFast(value, context);
  } catch (e) {
    // Resolve again, tracking paths, only to say where the bad value is.
    if (e === NEEDS_PATH) return resolveWithPath(value, context, field);
    throw e;
  }
}

/** Thrown by the fast path when a value is bad; the slow path then names its field. */
const NEEDS_PATH = Symbol('needs a field path');

/**
 * The hot path of synth: the rules of {@link resolveValue} without building a field path
 * for every key (paths are only needed for messages).
 */
function resolveFast(value: unknown, context: ResolveContext): unknown {
  switch (typeof value) {
    case 'undefined':
    case 'boolean':
      return value;
    case 'string':
      return primitiveResolvers.length === 0 ? value : resolvePrimitiveFast(value, context);
    case 'number':
      if (!Number.isFinite(value)) throw NEEDS_PATH;
      return primitiveResolvers.length === 0 ? value : resolvePrimitiveFast(value, context);
    case 'object':
      break;
    default:
      throw NEEDS_PATH;
  }
  if (value === null) {
    nullsRendered++;
    return null;
  }
  if ((value as Record<symbol, unknown>)[RESOLVABLE] === true) {
    return resolveFast((value as Resolvable).resolve(context), context);
  }
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = resolveFast(value[i], context);
      if (v === undefined) nullsRendered++;
      out[i] = v === undefined ? null : v;
    }
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    if (isProducer(value)) return resolveFast(value.produce(), context);
    throw NEEDS_PATH;
  }
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const keys = Object.keys(obj);
  sortKeys(keys);
  for (const key of keys) {
    const v = resolveFast(obj[key], context);
    if (v !== undefined) setOwn(out, key, v);
  }
  return out;
}

function resolvePrimitiveFast(value: string | number, context: ResolveContext): unknown {
  for (const r of primitiveResolvers) {
    const v = r.resolvePrimitive(value, context);
    if (v !== value) return resolveFast(v, context);
  }
  return value;
}

/** The same rules, tracking the field path for the message: run only when resolving failed. */
function resolveWithPath(value: unknown, context: ResolveContext, field: string): unknown {
  switch (typeof value) {
    case 'undefined':
      return undefined;
    case 'boolean':
      return value;
    case 'string':
      return primitiveResolvers.length === 0 ? value : resolvePrimitive(value, context, field);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new ResolveError(field, `${value} is not a finite number`);
      }
      return primitiveResolvers.length === 0 ? value : resolvePrimitive(value, context, field);
    case 'object':
      break;
    default:
      throw new ResolveError(field, `a ${typeof value} cannot be written as YAML`);
  }
  if (value === null) {
    nullsRendered++;
    return null;
  }
  if (isResolvable(value)) {
    return resolveWithPath(value.resolve(context), context, field);
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      const v = resolveWithPath(value[i], context, `${field}[${i}]`);
      // An absent array element becomes null, as JSON.stringify does.
      if (v === undefined) nullsRendered++;
      out.push(v === undefined ? null : v);
    }
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    if (isProducer(value)) {
      return resolveWithPath(value.produce(), context, field);
    }
    const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'unknown';
    throw new ResolveError(field, `an instance of ${name} is not plain data; pass its fields (or a value from it) instead`);
  }
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of sortKeys(Object.keys(obj))) {
    const v = resolveWithPath(obj[key], context, field ? `${field}.${key}` : key);
    if (v !== undefined) {
      setOwn(out, key, v);
    }
  }
  return out;
}
