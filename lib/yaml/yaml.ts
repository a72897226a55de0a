/**
 * A fast, deterministic YAML emitter for Kubernetes objects.
 *
 * Output is YAML 1.2 that YAML 1.1 readers (kubectl's go-yaml v2/v3, Helm,
 * PyYAML) read as the same data:
 *
 * - block maps and sequences, two-space indentation, sequences inside maps
 *   indented under their key (`containers:\n  - name: x`), maps inside sequence
 *   items in compact form (`- name: x`), `{}` and `[]` for empty collections;
 * - no anchors, aliases, tags, flow collections (other than `{}`/`[]`), or line
 *   folding, ever;
 * - strings plain when safe under both YAML 1.1 and 1.2 (see `yaml-scalar.ts`),
 *   else double-quoted with JSON-style escapes; multi-line strings as literal
 *   blocks (`|`, `|-`, `|+`, `|2...`) when every line is printable and has no
 *   trailing spaces, else double-quoted;
 * - integers written out in full, other numbers in the shortest round-trip form
 *   with a `.0` added to exponent forms so 1.1 readers see a float (`1.0e+21`),
 *   `-0` as `0`; NaN and ±Infinity throw.
 *
 * Keys are written in the object's own (insertion) order; the caller sorts.
 * Properties whose value is `undefined` are left out (as `JSON.stringify` does);
 * `undefined` anywhere else, functions, symbols, bigints and non-plain objects
 * (Date, Map, class instances) throw a TypeError naming the path.
 */
import { doubleQuote, literalBlock, scalarString } from './yaml-scalar';

export { isPlainSafe } from './yaml-scalar';

/** Keys longer than this are written as explicit `? key` entries (YAML caps implicit keys at 1024 characters). */
const MAX_IMPLICIT_KEY = 1000;
/** Deeper nesting than this is treated as a cycle. */
const MAX_DEPTH = 1000;

/** Thrown internally at the offending value; turned into a TypeError with a path by `toYaml`. */
class Unserializable {
  constructor(readonly reason: string) {}
}

const indents: string[] = [''];
function indentOf(n: number): string {
  let s = indents[n];
  if (s === undefined) {
    for (let i = indents.length; i <= n; i++) indents[i] = ' '.repeat(i);
    s = indents[n];
  }
  return s;
}

function isPlainObject(v: object): boolean {
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** Problem with a leaf or object value, or '' when it can be written. */
function problemWith(v: unknown): string {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return '';
    case 'number':
      return Number.isFinite(v) ? '' : `${v} is not a finite number`;
    case 'object':
      if (v === null || Array.isArray(v) || isPlainObject(v)) return '';
      return `${(v as object).constructor?.name ?? 'object'} is not plain data`;
    default:
      return `${typeof v} is not plain data`;
  }
}

function formatNumber(n: number): string {
  if (Number.isInteger(n)) {
    if (n === 0) return '0'; // also -0
    if (n < 1e21 && n > -1e21) return String(n);
  } else if (!Number.isFinite(n)) {
    throw new Unserializable(`${n} is not a finite number`);
  }
  const s = String(n);
  // YAML 1.1 floats need a `.`: `1e+21` would read as a string.
  return s.indexOf('e') !== -1 && s.indexOf('.') === -1 ? s.replace('e', '.0e') : s;
}

/** One-line rendering of a leaf (or `{}`/`[]`), or undefined for non-empty collections / literal-block strings. */
function inlineScalar(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return scalarString(v);
    case 'number':
      return formatNumber(v);
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      if (v === null) return 'null';
      throw new Unserializable(problemWith(v) || 'unexpected value');
  }
}

let out = '';

/** Writes a literal block header and its lines (content at `ind` spaces). */
function writeLiteral(block: { header: string; lines: string[] }, ind: number): void {
  out += block.header + '\n';
  const pad = indentOf(ind);
  const lines = block.lines;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    out += line.length === 0 ? '\n' : pad + line + '\n';
  }
}

/**
 * Writes `v` after a `key:` or `-` already on the current line (no trailing
 * space yet). Nested collections start at `ind` spaces; `inSeq` selects the
 * compact `- key: v` / `- - x` form.
 */
function writeChild(v: unknown, ind: number, inSeq: boolean, depth: number): void {
  if (typeof v === 'object' && v !== null) {
    if (Array.isArray(v)) {
      if (v.length === 0) {
        out += ' []\n';
      } else if (inSeq) {
        out += ' ';
        writeSeq(v, ind, true, depth + 1);
      } else {
        out += '\n';
        writeSeq(v, ind, false, depth + 1);
      }
      return;
    }
    if (!isPlainObject(v)) throw new Unserializable(problemWith(v));
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (!hasEntries(o, keys)) {
      out += ' {}\n';
    } else if (inSeq) {
      out += ' ';
      writeMap(o, keys, ind, true, depth + 1);
    } else {
      out += '\n';
      writeMap(o, keys, ind, false, depth + 1);
    }
    return;
  }
  if (typeof v === 'string' && v.indexOf('\n') !== -1) {
    const block = literalBlock(v);
    if (block !== undefined) {
      out += ' ';
      writeLiteral(block, ind);
      return;
    }
  }
  out += ' ' + inlineScalar(v) + '\n';
}

/** True when the object has at least one property that will be written (not `undefined`). */
function hasEntries(o: Record<string, unknown>, keys: string[]): boolean {
  for (let i = 0; i < keys.length; i++) {
    if (o[keys[i]] !== undefined) return true;
  }
  return false;
}

function writeMap(o: Record<string, unknown>, keys: string[], ind: number, inline: boolean, depth: number): void {
  if (depth > MAX_DEPTH) throw new Unserializable(`nesting deeper than ${MAX_DEPTH} (cyclic?)`);
  const pad = indentOf(ind);
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = o[k];
    if (v === undefined) continue;
    if (!first || !inline) out += pad;
    first = false;
    const key = scalarString(k);
    if (key.length > MAX_IMPLICIT_KEY) {
      out += '? ' + key + '\n' + pad + ':';
    } else {
      out += key + ':';
    }
    // Sequences inside maps are indented under their key (kubectl style).
    writeChild(v, ind + 2, false, depth);
  }
}

function writeSeq(a: readonly unknown[], ind: number, inline: boolean, depth: number): void {
  if (depth > MAX_DEPTH) throw new Unserializable(`nesting deeper than ${MAX_DEPTH} (cyclic?)`);
  const pad = indentOf(ind);
  for (let i = 0; i < a.length; i++) {
    if (i > 0 || !inline) out += pad;
    out += '-';
    const v = a[i];
    if (v === undefined) throw new Unserializable('undefined is not plain data');
    writeChild(v, ind + 2, true, depth);
  }
}

function writeDocument(doc: unknown): void {
  if (typeof doc === 'object' && doc !== null) {
    if (Array.isArray(doc)) {
      if (doc.length === 0) out += '[]\n';
      else writeSeq(doc, 0, false, 0);
      return;
    }
    if (!isPlainObject(doc)) throw new Unserializable(problemWith(doc));
    const o = doc as Record<string, unknown>;
    const keys = Object.keys(o);
    if (!hasEntries(o, keys)) out += '{}\n';
    else writeMap(o, keys, 0, false, 0);
    return;
  }
  if (doc === undefined) throw new Unserializable('undefined is not plain data');
  // A top-level string is always one line: multi-line ones are double-quoted
  // (a top-level literal block's indentation rules differ between readers).
  out += (typeof doc === 'string' && doc.indexOf('\n') !== -1 ? doubleQuote(doc) : inlineScalar(doc)) + '\n';
}

function pathSegment(key: string | number): string {
  if (typeof key === 'number') return `[${key}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** Path to the first value the emitter rejects, in emission order. */
function findProblem(v: unknown, path: string, depth: number): { path: string; reason: string } | undefined {
  if (depth > MAX_DEPTH) return { path, reason: `nesting deeper than ${MAX_DEPTH} (cyclic?)` };
  const reason = v === undefined ? 'undefined is not plain data' : problemWith(v);
  if (reason) return { path, reason };
  if (typeof v !== 'object' || v === null) return undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = findProblem(v[i], path + pathSegment(i), depth + 1);
      if (p) return p;
    }
    return undefined;
  }
  for (const k of Object.keys(v)) {
    const child = (v as Record<string, unknown>)[k];
    if (child === undefined) continue;
    const p = findProblem(child, path + pathSegment(k), depth + 1);
    if (p) return p;
  }
  return undefined;
}

/**
 * Serializes one plain-data document (objects, arrays, strings, finite numbers,
 * booleans, null) to YAML 1.2 text that YAML 1.1 readers (kubectl's go-yaml
 * v2/v3, Helm) read as the same data. Keys are written in the object's own
 * insertion order (the caller sorts). Ends with '\n'.
 *
 * @throws TypeError naming the path (`$.spec.replicas`) of a NaN, ±Infinity,
 * undefined array item, function, symbol, bigint, or non-plain object.
 */
export function toYaml(doc: unknown): string {
  // The builder is module state; save it so a getter that calls toYaml cannot clobber it.
  const outer = out;
  out = '';
  try {
    writeDocument(doc);
    // Built by concatenation, the text is a tree of string pieces; reading a character makes V8
    // flatten it into one string now, which frees the tree (a large share of synth's memory).
    out.charCodeAt(0);
    return out;
  } catch (e) {
    if (!(e instanceof Unserializable)) throw e;
    const found = findProblem(doc, '$', 0);
    throw new TypeError(`toYaml: cannot serialize ${found?.path ?? '$'}: ${found?.reason ?? e.reason}`, { cause: e });
  } finally {
    out = outer;
  }
}

/** Several documents joined by '---\n'. */
export function toYamlDocuments(docs: readonly unknown[]): string {
  let s = '';
  for (let i = 0; i < docs.length; i++) {
    if (i > 0) s += '---\n';
    s += toYaml(docs[i]);
  }
  return s;
}
