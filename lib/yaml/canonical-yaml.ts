import { toYaml } from './yaml';
import { setOwn } from '../model/set-own';

/**
 * Reads back YAML that Berth's emitter wrote ({@link toYaml}), fast: block maps and sequences
 * in the emitter's layout, plain and double-quoted scalars, literal blocks, `[]` and `{}`.
 * `berth diff` and `berth validate` read thousands of such files, and a general YAML parser
 * spends most of their time.
 *
 * The result is checked, not trusted: it is returned only when emitting it gives the very same
 * text, so it is the data every YAML 1.1 and 1.2 reader reads from that text (the emitter's
 * contract, tested in `test/synth/yaml.test.ts`). For anything else (another tool's layout,
 * comments, anchors, several documents, a file edited by hand) it returns undefined, and the
 * caller parses the text with a full YAML parser.
 */
export function readCanonicalYaml(text: string): unknown {
  if (text.length === 0 || text.charCodeAt(text.length - 1) !== 10) return undefined;
  const lines = text.split('\n');
  lines.pop();
  try {
    const doc = new Reader(lines).document();
    return toYaml(doc) === text ? doc : undefined;
  } catch {
    // Not the emitter's layout, or nested too deep for this reader's recursion: the full parser decides.
    return undefined;
  }
}

/**
 * The documents of a YAML stream (`---` lines between them, as cdk8s, js-yaml and Berth's own
 * single-file output write them), read with {@link readCanonicalYaml}: each document after
 * the full-line comments that open it (`# Source: ...`); documents with nothing but comments
 * are left out, as every reader leaves out an empty document. Undefined unless every
 * document reads canonically: the caller then parses the whole stream with a full parser.
 *
 * A line `---` cannot be inside a document the emitter wrote (its block scalars are indented
 * and its quoted scalars one line), so splitting at those lines is exact for what is returned.
 */
export function readCanonicalDocuments(text: string): unknown[] | undefined {
  const out: unknown[] = [];
  for (const piece of text.split(DOCUMENT_START)) {
    let from = 0;
    while (from < piece.length && piece.charCodeAt(from) === 35 /* # */) {
      const eol = piece.indexOf('\n', from);
      if (eol < 0) return undefined;
      from = eol + 1;
    }
    if (from === piece.length) continue;
    const doc = readCanonicalYaml(from === 0 ? piece : piece.slice(from));
    if (doc === undefined) return undefined;
    out.push(doc);
  }
  return out;
}

/** A line that is exactly `---`: the start of a document. */
const DOCUMENT_START = /^---\n/m;

/** Thrown on anything the emitter does not write: the caller falls back to a full parser. */
class NotCanonical {}
const NOT_CANONICAL = new NotCanonical();

/** A plain scalar the emitter writes for a number (formatNumber); anything else plain is a string. */
const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/;
const LITERAL_HEADER = /^\|(2?)([-+]?)$/;

function indentOf(line: string): number {
  let n = 0;
  while (n < line.length && line.charCodeAt(n) === 32) n++;
  return n;
}

/** The value of a plain or double-quoted scalar token (the whole token). */
function scalar(token: string): unknown {
  if (token.length === 0) throw NOT_CANONICAL;
  if (token.charCodeAt(0) === 34) {
    try {
      return JSON.parse(token) as unknown;
    } catch {
      throw NOT_CANONICAL;
    }
  }
  if (token === 'true') return true;
  if (token === 'false') return false;
  if (token === 'null') return null;
  if (!NUMBER.test(token)) return token;
  const n = Number(token);
  if (!Number.isFinite(n)) throw NOT_CANONICAL;
  return n;
}

/** Where a double-quoted token starting at `from` ends (the index after its closing quote). */
function quotedEnd(line: string, from: number): number {
  for (let i = from + 1; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 34) return i + 1;
  }
  throw NOT_CANONICAL;
}

/** The key starting at `col` of `line` and the index after its `:`, or undefined when no key starts there. */
function keyAt(line: string, col: number): { key: string; after: number } | undefined {
  if (line.charCodeAt(col) === 34) {
    const end = quotedEnd(line, col);
    if (line.charCodeAt(end) !== 58) return undefined;
    return { key: scalar(line.slice(col, end)) as string, after: end + 1 };
  }
  // A plain key has no `: ` inside and does not end with `:` (the emitter quotes those): it
  // ends at the first `: `, or at a `:` that ends the line.
  let colon = line.indexOf(': ', col);
  if (colon < 0) {
    if (line.charCodeAt(line.length - 1) !== 58) return undefined;
    colon = line.length - 1;
  }
  const token = line.slice(col, colon);
  if (token.length === 0) return undefined;
  const value = scalar(token);
  // Keys are strings: a plain `true` or `12` key is a boolean or number to YAML readers.
  if (typeof value !== 'string') throw NOT_CANONICAL;
  return { key: value, after: colon + 1 };
}

class Reader {
  private i = 0;

  public constructor(private readonly lines: readonly string[]) {}

  public document(): unknown {
    if (this.lines.length === 0) throw NOT_CANONICAL;
    const first = this.lines[0];
    let value: unknown;
    if (first === '[]' || first === '{}') {
      value = first === '[]' ? [] : {};
      this.i = 1;
    } else if (first.startsWith('-')) {
      value = this.seq(0, 0);
    } else {
      if (!keyAt(first, 0)) throw NOT_CANONICAL;
      value = this.map(0, 0);
    }
    if (this.i !== this.lines.length) throw NOT_CANONICAL;
    return value;
  }

  /** A map whose first key starts at column `col` of line `this.i` (after a `- ` or at the line's indent). */
  private map(col: number, indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let start = col;
    for (;;) {
      const line = this.lines[this.i];
      const k = keyAt(line, start);
      if (!k) throw NOT_CANONICAL;
      setOwn(out, k.key, this.valueAfter(line, k.after, indent));
      if (this.i >= this.lines.length) return out;
      const next = this.lines[this.i];
      const n = indentOf(next);
      if (n < indent) return out;
      if (n > indent || next.charCodeAt(n) === 45 /* - */) throw NOT_CANONICAL;
      start = n;
    }
  }

  /** A sequence whose first `-` is at column `col` of line `this.i`; its items are at that indent. */
  private seq(col: number, indent: number): unknown[] {
    const out: unknown[] = [];
    let start = col;
    for (;;) {
      const line = this.lines[this.i];
      if (line.charCodeAt(start) !== 45 || line.charCodeAt(start + 1) !== 32) throw NOT_CANONICAL;
      out.push(this.item(line, start + 2, indent + 2));
      if (this.i >= this.lines.length) return out;
      const next = this.lines[this.i];
      const n = indentOf(next);
      if (n < indent) return out;
      if (n > indent || next.charCodeAt(n) !== 45) throw NOT_CANONICAL;
      start = n;
    }
  }

  /** A sequence item written after `- ` at column `col`; nested collections start at that column. */
  private item(line: string, col: number, indent: number): unknown {
    const rest = line.slice(col);
    if (rest === '[]' || rest === '{}') {
      this.i++;
      return rest === '[]' ? [] : {};
    }
    if (rest.charCodeAt(0) === 124 /* | */) return this.literal(rest, indent);
    if (rest.charCodeAt(0) === 45 && rest.charCodeAt(1) === 32) return this.seq(col, indent);
    if (keyAt(line, col)) return this.map(col, indent);
    this.i++;
    return scalar(rest);
  }

  /** The value after a map key's `:` (at index `after` of `line`); nested blocks are indented by 2. */
  private valueAfter(line: string, after: number, indent: number): unknown {
    if (after === line.length) {
      this.i++;
      const next = this.lines[this.i];
      if (next === undefined) throw NOT_CANONICAL;
      const n = indentOf(next);
      if (n !== indent + 2) throw NOT_CANONICAL;
      return next.charCodeAt(n) === 45 ? this.seq(n, n) : this.map(n, n);
    }
    const rest = line.slice(after + 1);
    if (rest === '[]' || rest === '{}') {
      this.i++;
      return rest === '[]' ? [] : {};
    }
    if (rest.charCodeAt(0) === 124) return this.literal(rest, indent + 2);
    this.i++;
    return scalar(rest);
  }

  /** A literal block scalar: its header, then the lines indented by `indent` (and empty lines). */
  private literal(header: string, indent: number): string {
    const h = LITERAL_HEADER.exec(header);
    if (!h) throw NOT_CANONICAL;
    const chomp = h[2];
    const body: string[] = [];
    this.i++;
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      if (line.length === 0) body.push('');
      else if (indentOf(line) >= indent) body.push(line.slice(indent));
      else break;
      this.i++;
    }
    if (body.length === 0) throw NOT_CANONICAL;
    return chomp === '-' ? body.join('\n') : `${body.join('\n')}\n`;
  }
}
