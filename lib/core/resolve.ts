/**
 * Turns the props of an API object into plain data: the one place where lazy values and
 * placeholders become wire values.
 *
 * Rules, applied in order to every value:
 * - `undefined` is dropped (an absent field), `null` is kept (a `nullable` field set to null);
 * - a {@link Resolvable} (a Berth value placeholder) is resolved for the current output;
 * - a string or number carrying a token (a Helm value placeholder) is replaced by the
 *   {@link PrimitiveTokenResolver} of the context (the rendered tree's);
 * - a cdk8s `Lazy` (anything with a `produce()` method) is produced;
 * - arrays keep their order; plain objects get their keys sorted (deterministic output);
 * - anything else that is not plain data (a class instance, a function, a symbol, NaN) is an
 *   error naming the field path, so output never contains `[object Object]`.
 */

import type { IConstruct } from 'constructs';
import { sortKeys } from '../model/sort-keys';
import { setOwn } from '../model/set-own';

/** Marks values that resolve differently per output (plain YAML, Helm template). */
export const RESOLVABLE = Symbol.for('berth.resolvable');

/** The output a value is being resolved for. */
export interface ResolveContext {
  /** `plain` for Kubernetes YAML, `helm` for chart templates. */
  readonly output: 'plain' | 'helm';
  /**
   * Replaces the tokens carried inside strings and numbers: those issued for the construct tree
   * being rendered (its chart values). Undefined when the tree issued none: strings and numbers
   * are then data as they are, whatever other trees of the process issued.
   */
  readonly tokens?: PrimitiveTokenResolver;
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
  public constructor(
    public readonly field: string,
    public readonly reason: string,
  ) {
    super(`${field || '(root)'}: ${reason}`);
    this.name = 'ResolveError';
  }
}

const PLAIN_CONTEXT: ResolveContext = Object.freeze<ResolveContext>({ output: 'plain' });

/**
 * Replaces tokens carried inside strings and numbers (Helm value placeholders, which must fit
 * where a construct takes a `string` or a `number`). Issued per construct tree, by the module
 * that issues the tokens (see {@link attachTokenResolver}).
 */
export interface PrimitiveTokenResolver {
  /** The value to emit for `value` in `context`, or `value` itself when it carries no token. */
  resolvePrimitive(value: string | number, context: ResolveContext): unknown;
}

/**
 * Where a construct tree keeps the resolver of the tokens issued for it: a property of its root
 * construct, so that tokens belong to the platform that declared them (two platforms in one
 * process never see each other's), and a `Symbol.for` key, so that two copies of the library
 * find the same one.
 */
const TREE_TOKENS = Symbol.for('berth.tree-tokens');

type TreeRoot = { [TREE_TOKENS]?: PrimitiveTokenResolver };

/** The token resolver of the construct tree `scope` is in, or undefined when it issued no token. */
export function tokenResolverOf(scope: IConstruct): PrimitiveTokenResolver | undefined {
  return (scope.node.root as TreeRoot)[TREE_TOKENS];
}

/**
 * The token resolver of the tree `scope` is in, attached to its root by `create` on first use.
 * The resolver is typed by its creator: one issuer of tokens per tree.
 */
export function attachTokenResolver<T extends PrimitiveTokenResolver>(scope: IConstruct, create: () => T): T {
  const root = scope.node.root as TreeRoot;
  let resolver = root[TREE_TOKENS];
  if (!resolver) {
    resolver = create();
    Object.defineProperty(root, TREE_TOKENS, { value: resolver });
  }
  return resolver as T;
}

/** The context rendering `scope`'s tree for `output` outside a synth: the tree's own tokens. */
export function resolveContextOf(scope: IConstruct, output: ResolveContext['output'] = 'plain'): ResolveContext {
  const tokens = tokenResolverOf(scope);
  return tokens ? { output, tokens } : output === 'plain' ? PLAIN_CONTEXT : { output };
}

/** One render: the context values are resolved for, and the nulls resolving produced in it. */
interface Render {
  readonly context: ResolveContext;
  readonly tokens: PrimitiveTokenResolver | undefined;
  nulls: number;
}

/**
 * The render {@link withResolveContext} installed for the duration of its call (a synth's
 * rendering of the tree), undefined outside one. Installed rather than passed because cdk8s
 * renders through `toJson()`, which takes no argument; restored when the call returns.
 */
let installed: Render | undefined;

/** The context values are resolved for right now: the installed one, else plain output without tokens. */
export function currentResolveContext(): ResolveContext {
  return installed?.context ?? PLAIN_CONTEXT;
}

/** The context installed by {@link withResolveContext}, or undefined outside its call. */
export function installedResolveContext(): ResolveContext | undefined {
  return installed?.context;
}

/** Runs `fn` with `context` as the current resolve context, in a render of its own. */
export function withResolveContext<T>(context: ResolveContext, fn: () => T): T {
  const previous = installed;
  installed = { context, tokens: context.tokens, nulls: 0 };
  try {
    return fn();
  } finally {
    installed = previous;
  }
}

function renderOf(context: ResolveContext): Render {
  return installed !== undefined && installed.context === context
    ? installed
    : { context, tokens: context.tokens, nulls: 0 };
}

function resolvePrimitive(value: string | number, render: Render, field: string): unknown {
  const v = render.tokens!.resolvePrimitive(value, render.context);
  return v !== value ? resolveWithPath(v, render, field) : value;
}

interface Producer {
  produce(): unknown;
}

function isProducer(x: object): x is Producer {
  return typeof (x as Partial<Producer>).produce === 'function';
}

/**
 * A counter of the nulls the installed render has produced so far (0 outside one): unchanged
 * across rendering an object means its data holds no null, which validation then need not look for.
 */
export function renderedNullCount(): number {
  return installed?.nulls ?? 0;
}

/**
 * Resolves `value` into plain JSON-compatible data (see the module comment for the rules), for
 * `context`: by default the installed one, else plain output without tokens.
 */
export function resolveValue(value: unknown, context: ResolveContext = currentResolveContext(), field = ''): unknown {
  const render = renderOf(context);
  try {
    return resolveFast(value, render);
  } catch (e) {
    // Resolve again, tracking paths, only to say where the bad value is.
    if (e === NEEDS_PATH) return resolveWithPath(value, render, field);
    throw e;
  }
}

/** Thrown by the fast path when a value is bad; the slow path then names its field. */
const NEEDS_PATH = Symbol('needs a field path');

/**
 * The hot path of synth: the rules of {@link resolveValue} without building a field path
 * for every key (paths are only needed for messages).
 */
function resolveFast(value: unknown, render: Render): unknown {
  switch (typeof value) {
    case 'undefined':
    case 'boolean':
      return value;
    case 'string':
      return render.tokens === undefined ? value : resolvePrimitiveFast(value, render);
    case 'number':
      if (!Number.isFinite(value)) throw NEEDS_PATH;
      return render.tokens === undefined ? value : resolvePrimitiveFast(value, render);
    case 'object':
      break;
    default:
      throw NEEDS_PATH;
  }
  if (value === null) {
    render.nulls++;
    return null;
  }
  if ((value as Record<symbol, unknown>)[RESOLVABLE] === true) {
    return resolveFast((value as Resolvable).resolve(render.context), render);
  }
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = resolveFast(value[i], render);
      if (v === undefined) render.nulls++;
      out[i] = v === undefined ? null : v;
    }
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    if (isProducer(value)) return resolveFast(value.produce(), render);
    throw NEEDS_PATH;
  }
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const keys = Object.keys(obj);
  sortKeys(keys);
  for (const key of keys) {
    const v = resolveFast(obj[key], render);
    if (v !== undefined) setOwn(out, key, v);
  }
  return out;
}

function resolvePrimitiveFast(value: string | number, render: Render): unknown {
  const v = render.tokens!.resolvePrimitive(value, render.context);
  return v !== value ? resolveFast(v, render) : value;
}

/** The same rules, tracking the field path for the message: run only when resolving failed. */
function resolveWithPath(value: unknown, render: Render, field: string): unknown {
  switch (typeof value) {
    case 'undefined':
      return undefined;
    case 'boolean':
      return value;
    case 'string':
      return render.tokens === undefined ? value : resolvePrimitive(value, render, field);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new ResolveError(field, `${value} is not a finite number`);
      }
      return render.tokens === undefined ? value : resolvePrimitive(value, render, field);
    case 'object':
      break;
    default:
      throw new ResolveError(field, `a ${typeof value} cannot be written as YAML`);
  }
  if (value === null) {
    render.nulls++;
    return null;
  }
  if (isResolvable(value)) {
    return resolveWithPath(value.resolve(render.context), render, field);
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      const v = resolveWithPath(value[i], render, `${field}[${i}]`);
      // An absent array element becomes null, as JSON.stringify does.
      if (v === undefined) render.nulls++;
      out.push(v === undefined ? null : v);
    }
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    if (isProducer(value)) {
      return resolveWithPath(value.produce(), render, field);
    }
    const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'unknown';
    throw new ResolveError(
      field,
      `an instance of ${name} is not plain data; pass its fields (or a value from it) instead`,
    );
  }
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of sortKeys(Object.keys(obj))) {
    const v = resolveWithPath(obj[key], render, field ? `${field}.${key}` : key);
    if (v !== undefined) {
      setOwn(out, key, v);
    }
  }
  return out;
}
