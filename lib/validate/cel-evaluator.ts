/**
 * Evaluates parsed CEL rules ({@link parseCel}) against JSON data, with CEL's semantics for
 * what CRD rules use: `&&` and `||` absorb an error when the other side decides, equality across
 * types is false (heterogeneous equality, as Kubernetes enables it), field selection on a
 * missing key is an error, `has()` tests presence, the `all`, `exists`, `exists_one`, `filter`
 * and `map` macros, `size`, `contains`, `startsWith`, `endsWith`, `matches` and `duration`.
 * Anything else (another function, integer division, a regular expression JavaScript cannot
 * run) makes the rule unsupported: it is then not checked, never reported wrongly.
 *
 * Property names escaped as Kubernetes escapes them in rules (`__namespace__`, `__dash__`,
 * `__dot__`, `__slash__`, `__underscores__`) select the field they name.
 */
import { isRecord } from '../model/is-record';
import { CelAst } from './cel-parser';

/** A CEL runtime error (no such key, no matching overload): the rule fails to evaluate. */
export class CelError {
  public constructor(public readonly message: string) {}
}

/** Thrown when a rule uses what this evaluator does not implement. */
export class CelUnsupported extends Error {}

/** A CEL duration, in nanoseconds. */
class CelDuration {
  public constructor(public readonly ns: number) {}
}

type Value = null | boolean | number | string | readonly Value[] | { readonly [k: string]: Value } | CelDuration;
type Result = Value | CelError;

/** CEL reserved words: a property with one of these names is written `__<name>__` in rules. */
const RESERVED = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);

/** The property a (possibly escaped) field name in a rule selects. */
function unescapeField(name: string): string {
  if (!name.includes('__')) return name;
  const whole = /^__([a-z]+)__$/.exec(name);
  if (whole && RESERVED.has(whole[1])) return whole[1];
  return name.replace(
    /__(underscores|dot|dash|slash)__/g,
    (_m, w: string) => ({ underscores: '__', dot: '.', dash: '-', slash: '/' })[w]!,
  );
}

function typeOf(v: Value): string {
  if (v === null) return 'null';
  if (v instanceof CelDuration) return 'duration';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'object' ? 'map' : typeof v;
}

function isError(x: unknown): x is CelError {
  return x instanceof CelError;
}

function noOverload(op: string, ...vs: Value[]): CelError {
  return new CelError(`no such overload: ${op}(${vs.map(typeOf).join(', ')})`);
}

function equal(a: Value, b: Value): boolean {
  if (a instanceof CelDuration && b instanceof CelDuration) return a.ns === b.ns;
  if (typeOf(a) !== typeOf(b)) return false;
  if (Array.isArray(a)) {
    const bl = b as readonly Value[];
    return a.length === bl.length && a.every((x, i) => equal(x, bl[i]));
  }
  if (isRecord(a)) {
    const bm = b as Record<string, Value>;
    const ak = Object.keys(a);
    return (
      ak.length === Object.keys(bm).length &&
      ak.every((k) => Object.hasOwn(bm, k) && equal((a as Record<string, Value>)[k], bm[k]))
    );
  }
  return a === b;
}

function compare(op: string, a: Value, b: Value): Result {
  let x: number | string;
  let y: number | string;
  if (typeof a === 'number' && typeof b === 'number') [x, y] = [a, b];
  else if (typeof a === 'string' && typeof b === 'string') [x, y] = [a, b];
  else if (typeof a === 'boolean' && typeof b === 'boolean') [x, y] = [Number(a), Number(b)];
  else if (a instanceof CelDuration && b instanceof CelDuration) [x, y] = [a.ns, b.ns];
  else return noOverload(op, a, b);
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}

const DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** A Go/CEL duration string (`1h30m`, `0.5s`, `-2m`) in nanoseconds, or an error. */
function parseDuration(s: string): CelDuration | CelError {
  const m = /^(-?)((?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+|0)$/.exec(s);
  if (!m) return new CelError(`invalid duration ${JSON.stringify(s)}`);
  let ns = 0;
  for (const part of m[2].matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g))
    ns += Number(part[1]) * DURATION_UNITS[part[2]];
  return new CelDuration(m[1] ? -ns : ns);
}

const regexCache = new Map<string, RegExp | undefined>();

function regex(pattern: string): RegExp {
  if (!regexCache.has(pattern)) {
    let re: RegExp | undefined;
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = undefined;
    }
    regexCache.set(pattern, re);
  }
  const re = regexCache.get(pattern);
  if (!re) throw new CelUnsupported(`regular expression ${pattern}`);
  return re;
}

type Scope = ReadonlyMap<string, Value>;

const MACROS = new Set(['all', 'exists', 'exists_one', 'filter', 'map']);

/** Evaluates `ast` with the variables of `scope`: a value, or a {@link CelError}. Throws {@link CelUnsupported}. */
export function evaluateCel(ast: CelAst, scope: Scope): Result {
  switch (ast.k) {
    case 'lit':
      return ast.v;
    case 'id': {
      if (!scope.has(ast.name)) throw new CelUnsupported(`variable ${ast.name}`);
      return scope.get(ast.name)!;
    }
    case 'list': {
      const out: Value[] = [];
      for (const item of ast.items) {
        const v = evaluateCel(item, scope);
        if (isError(v)) return v;
        out.push(v);
      }
      return out;
    }
    case 'sel': {
      const of = evaluateCel(ast.of, scope);
      if (isError(of)) return of;
      if (!isRecord(of)) return new CelError(`no field ${ast.field} on ${typeOf(of)}`);
      const key = unescapeField(ast.field);
      return Object.hasOwn(of, key) ? (of as Record<string, Value>)[key] : new CelError(`no such key: ${key}`);
    }
    case 'idx': {
      const of = evaluateCel(ast.of, scope);
      if (isError(of)) return of;
      const i = evaluateCel(ast.index, scope);
      if (isError(i)) return i;
      if (Array.isArray(of)) {
        if (typeof i !== 'number' || !Number.isInteger(i)) return noOverload('_[_]', of, i);
        return i >= 0 && i < of.length ? of[i] : new CelError(`index out of range: ${i}`);
      }
      if (isRecord(of)) {
        if (typeof i !== 'string') return noOverload('_[_]', of, i);
        return Object.hasOwn(of, i) ? (of as Record<string, Value>)[i] : new CelError(`no such key: ${i}`);
      }
      return noOverload('_[_]', of, i);
    }
    case 'un': {
      const x = evaluateCel(ast.x, scope);
      if (isError(x)) return x;
      if (ast.op === '!') return typeof x === 'boolean' ? !x : noOverload('!_', x);
      if (typeof x === 'number') return -x;
      if (x instanceof CelDuration) return new CelDuration(-x.ns);
      return noOverload('-_', x);
    }
    case 'cond': {
      const c = evaluateCel(ast.c, scope);
      if (isError(c)) return c;
      if (typeof c !== 'boolean') return noOverload('_?_:_', c);
      return evaluateCel(c ? ast.t : ast.f, scope);
    }
    case 'bin':
      return binary(ast.op, ast.l, ast.r, scope);
    case 'call':
      return call(ast, scope);
  }
}

function binary(op: string, la: CelAst, ra: CelAst, scope: Scope): Result {
  if (op === '&&' || op === '||') {
    // The side that decides wins over an error on the other side (CEL's commutative logic).
    const decides = op === '||';
    const l = evaluateCel(la, scope);
    if (l === decides) return decides;
    const r = evaluateCel(ra, scope);
    if (r === decides) return decides;
    if (isError(l)) return l;
    if (isError(r)) return r;
    if (typeof l !== 'boolean' || typeof r !== 'boolean') return noOverload(op, l, r);
    return !decides;
  }
  const l = evaluateCel(la, scope);
  if (isError(l)) return l;
  const r = evaluateCel(ra, scope);
  if (isError(r)) return r;
  switch (op) {
    case '==':
      return equal(l, r);
    case '!=':
      return !equal(l, r);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(op, l, r);
    case 'in':
      if (Array.isArray(r)) return r.some((x) => equal(x, l));
      if (isRecord(r)) return typeof l === 'string' ? Object.hasOwn(r, l) : noOverload('in', l, r);
      return noOverload('in', l, r);
    case '+':
      if (typeof l === 'number' && typeof r === 'number') return l + r;
      if (typeof l === 'string' && typeof r === 'string') return l + r;
      if (Array.isArray(l) && Array.isArray(r)) return [...l, ...r];
      if (l instanceof CelDuration && r instanceof CelDuration) return new CelDuration(l.ns + r.ns);
      return noOverload('+', l, r);
    case '-':
      if (typeof l === 'number' && typeof r === 'number') return l - r;
      if (l instanceof CelDuration && r instanceof CelDuration) return new CelDuration(l.ns - r.ns);
      return noOverload('-', l, r);
    case '*':
      if (typeof l === 'number' && typeof r === 'number') return l * r;
      return noOverload('*', l, r);
    default:
      // Division and modulo differ for ints and doubles, which JSON numbers do not tell apart.
      throw new CelUnsupported(`operator ${op}`);
  }
}

function call(ast: Extract<CelAst, { k: 'call' }>, scope: Scope): Result {
  if (ast.fn === 'has') {
    const [arg] = ast.args;
    if (ast.target || ast.args.length !== 1 || arg.k !== 'sel')
      throw new CelUnsupported('has() of something other than a field');
    const of = evaluateCel(arg.of, scope);
    if (isError(of)) return of;
    if (!isRecord(of)) return noOverload('has', of);
    return Object.hasOwn(of, unescapeField(arg.field));
  }
  if (ast.target && MACROS.has(ast.fn)) return macro(ast, scope);
  const target = ast.target ? evaluateCel(ast.target, scope) : undefined;
  if (isError(target)) return target;
  const args: Value[] = [];
  for (const a of ast.args) {
    const v = evaluateCel(a, scope);
    if (isError(v)) return v;
    args.push(v);
  }
  const self = target !== undefined ? target : args.shift();
  const name = ast.fn;
  if (name === 'size' && args.length === 0 && self !== undefined) {
    if (typeof self === 'string') return [...self].length;
    if (Array.isArray(self)) return self.length;
    if (isRecord(self)) return Object.keys(self).length;
    return noOverload('size', self);
  }
  if (['contains', 'startsWith', 'endsWith', 'matches'].includes(name) && ast.target && args.length === 1) {
    const [s] = args;
    if (typeof self !== 'string' || typeof s !== 'string') return noOverload(name, self ?? null, s);
    switch (name) {
      case 'contains':
        return self.includes(s);
      case 'startsWith':
        return self.startsWith(s);
      case 'endsWith':
        return self.endsWith(s);
      default:
        return regex(s).test(self);
    }
  }
  if (name === 'duration' && !ast.target && typeof self === 'string' && args.length === 0) return parseDuration(self);
  throw new CelUnsupported(`function ${name}`);
}

function macro(ast: Extract<CelAst, { k: 'call' }>, scope: Scope): Result {
  const [v, body, extra] = ast.args;
  if (!v || v.k !== 'id' || !body || (extra && ast.fn !== 'map') || ast.args.length > 3)
    throw new CelUnsupported(`macro ${ast.fn}`);
  const range = evaluateCel(ast.target!, scope);
  if (isError(range)) return range;
  const items: readonly Value[] | undefined = Array.isArray(range)
    ? range
    : isRecord(range)
      ? Object.keys(range)
      : undefined;
  if (!items) return noOverload(ast.fn, range);
  const run = (x: Value, e: CelAst): Result => evaluateCel(e, new Map(scope).set(v.name, x));
  if (ast.fn === 'map') {
    const out: Value[] = [];
    for (const x of items) {
      if (extra) {
        const keep = run(x, body);
        if (isError(keep)) return keep;
        if (typeof keep !== 'boolean') return noOverload('map', keep);
        if (!keep) continue;
      }
      const y = run(x, extra ?? body);
      if (isError(y)) return y;
      out.push(y);
    }
    return out;
  }
  let error: CelError | undefined;
  let count = 0;
  const kept: Value[] = [];
  for (const x of items) {
    const p = run(x, body);
    if (isError(p) || typeof p !== 'boolean') {
      // all/exists: a deciding element elsewhere wins over an error; the others fail on it.
      if (ast.fn === 'exists_one' || ast.fn === 'filter') return isError(p) ? p : noOverload(ast.fn, p);
      error ??= isError(p) ? p : noOverload(ast.fn, p);
      continue;
    }
    if (ast.fn === 'all' && !p) return false;
    if (ast.fn === 'exists' && p) return true;
    if (p) {
      count++;
      kept.push(x);
    }
  }
  switch (ast.fn) {
    case 'all':
      return error ?? true;
    case 'exists':
      return error ?? false;
    case 'exists_one':
      return count === 1;
    default:
      return kept;
  }
}
