/**
 * A parser for the Common Expression Language (CEL) as CRDs use it in
 * `x-kubernetes-validations` rules: literals, lists, field selection, indexing, calls and
 * methods, the operators (`! - * / % + - < <= > >= == != in && || ?:`). Map literals, bytes and
 * message construction are outside what Berth evaluates: they parse to nothing (undefined), and
 * the rule is then not checked rather than checked wrongly.
 *
 * @see https://github.com/google/cel-spec/blob/master/doc/langdef.md
 */

/** A parsed CEL expression. */
export type CelAst =
  | { readonly k: 'lit'; readonly v: null | boolean | number | string }
  | { readonly k: 'id'; readonly name: string }
  | { readonly k: 'sel'; readonly of: CelAst; readonly field: string }
  | { readonly k: 'idx'; readonly of: CelAst; readonly index: CelAst }
  | { readonly k: 'call'; readonly fn: string; readonly target?: CelAst; readonly args: readonly CelAst[] }
  | { readonly k: 'list'; readonly items: readonly CelAst[] }
  | { readonly k: 'un'; readonly op: '!' | '-'; readonly x: CelAst }
  | { readonly k: 'bin'; readonly op: string; readonly l: CelAst; readonly r: CelAst }
  | { readonly k: 'cond'; readonly c: CelAst; readonly t: CelAst; readonly f: CelAst };

type Token =
  | { readonly t: 'num'; readonly v: number }
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'id'; readonly v: string }
  | { readonly t: 'op'; readonly v: string }
  | { readonly t: 'end' };

/** Thrown for input outside the supported subset (or not CEL at all). */
class NotSupported extends Error {}

const OPERATORS = [
  '&&',
  '||',
  '==',
  '!=',
  '<=',
  '>=',
  '<',
  '>',
  '!',
  '?',
  ':',
  '+',
  '-',
  '*',
  '/',
  '%',
  '.',
  ',',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
];

const ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '?': '?',
  '"': '"',
  "'": "'",
  '`': '`',
};

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    // Raw (r"...") and plain strings, with single, double or triple quotes.
    const raw = (c === 'r' || c === 'R') && (src[i + 1] === '"' || src[i + 1] === "'");
    if (c === '"' || c === "'" || raw) {
      if (raw) i++;
      const q = src[i];
      const triple = src.startsWith(q.repeat(3), i);
      const close = triple ? q.repeat(3) : q;
      i += close.length;
      let s = '';
      for (;;) {
        if (i >= src.length) throw new NotSupported('unterminated string');
        if (src.startsWith(close, i)) {
          i += close.length;
          break;
        }
        const ch = src[i];
        if (!triple && (ch === '\n' || ch === '\r')) throw new NotSupported('newline in string');
        if (ch === '\\' && !raw) {
          const e = src[i + 1];
          if (e in ESCAPES) {
            s += ESCAPES[e];
            i += 2;
          } else if (e === 'u' || e === 'x' || e === 'U') {
            const len = e === 'u' ? 4 : e === 'x' ? 2 : 8;
            const hex = src.slice(i + 2, i + 2 + len);
            if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new NotSupported('bad escape');
            s += String.fromCodePoint(parseInt(hex, 16));
            i += 2 + len;
          } else {
            throw new NotSupported('unsupported escape');
          }
          continue;
        }
        s += ch;
        i++;
      }
      out.push({ t: 'str', v: s });
      continue;
    }
    const num = /^(?:0x[0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)[uU]?/.exec(src.slice(i));
    if (num && !(c === '.' && !/\d/.test(src[i + 1] ?? ''))) {
      const text = num[0].replace(/[uU]$/, '');
      out.push({ t: 'num', v: text.startsWith('0x') ? parseInt(text, 16) : Number(text) });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (!op) throw new NotSupported(`unexpected character ${JSON.stringify(c)}`);
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  out.push({ t: 'end' });
  return out;
}

class Parser {
  private i = 0;

  public constructor(private readonly tokens: readonly Token[]) {}

  public parse(): CelAst {
    const e = this.expr();
    if (this.peek().t !== 'end') throw new NotSupported('trailing input');
    return e;
  }

  private peek(): Token {
    return this.tokens[this.i];
  }

  private isOp(v: string): boolean {
    const t = this.peek();
    return t.t === 'op' && t.v === v;
  }

  private eat(v: string): void {
    if (!this.isOp(v)) throw new NotSupported(`expected ${v}`);
    this.i++;
  }

  private expr(): CelAst {
    const c = this.binary(0);
    if (!this.isOp('?')) return c;
    this.i++;
    const t = this.binary(0);
    this.eat(':');
    const f = this.expr();
    return { k: 'cond', c, t, f };
  }

  /** Binary operators by precedence level: ||, &&, relations, additive, multiplicative. */
  private static readonly LEVELS: readonly (readonly string[])[] = [
    ['||'],
    ['&&'],
    ['<', '<=', '>', '>=', '==', '!=', 'in'],
    ['+', '-'],
    ['*', '/', '%'],
  ];

  private binary(level: number): CelAst {
    if (level === Parser.LEVELS.length) return this.unary();
    let l = this.binary(level + 1);
    for (;;) {
      const t = this.peek();
      const op = t.t === 'op' || (t.t === 'id' && t.v === 'in') ? t.v : undefined;
      if (op === undefined || !Parser.LEVELS[level].includes(op)) return l;
      this.i++;
      const r = this.binary(level + 1);
      l = { k: 'bin', op, l, r };
    }
  }

  private unary(): CelAst {
    if (this.isOp('!') || this.isOp('-')) {
      const op = (this.peek() as { v: '!' | '-' }).v;
      this.i++;
      return { k: 'un', op, x: this.unary() };
    }
    return this.member();
  }

  private member(): CelAst {
    let e = this.primary();
    for (;;) {
      if (this.isOp('.')) {
        this.i++;
        const t = this.peek();
        if (t.t !== 'id') throw new NotSupported('expected a field name');
        this.i++;
        if (this.isOp('(')) {
          e = { k: 'call', fn: t.v, target: e, args: this.args(')') };
        } else {
          e = { k: 'sel', of: e, field: t.v };
        }
      } else if (this.isOp('[')) {
        this.i++;
        const index = this.expr();
        this.eat(']');
        e = { k: 'idx', of: e, index };
      } else {
        return e;
      }
    }
  }

  private args(close: string): CelAst[] {
    this.i++;
    const out: CelAst[] = [];
    if (this.isOp(close)) {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.expr());
      if (this.isOp(',')) {
        this.i++;
        // A trailing comma is allowed in list literals.
        if (close === ']' && this.isOp(close)) {
          this.i++;
          return out;
        }
        continue;
      }
      this.eat(close);
      return out;
    }
  }

  private primary(): CelAst {
    const t = this.peek();
    switch (t.t) {
      case 'num':
      case 'str':
        this.i++;
        return { k: 'lit', v: t.v };
      case 'id': {
        this.i++;
        if (t.v === 'true' || t.v === 'false') return { k: 'lit', v: t.v === 'true' };
        if (t.v === 'null') return { k: 'lit', v: null };
        if (this.isOp('(')) return { k: 'call', fn: t.v, args: this.args(')') };
        return { k: 'id', name: t.v };
      }
      case 'op':
        if (t.v === '(') {
          this.i++;
          const e = this.expr();
          this.eat(')');
          return e;
        }
        if (t.v === '[') return { k: 'list', items: this.args(']') };
        throw new NotSupported(`unexpected ${t.v}`);
      default:
        throw new NotSupported('unexpected end');
    }
  }
}

/** Parses `source`; undefined when it is not in the supported subset (the rule is then not checked). */
export function parseCel(source: string): CelAst | undefined {
  try {
    return new Parser(tokenize(source)).parse();
  } catch (e) {
    if (e instanceof NotSupported) return undefined;
    throw e;
  }
}

/** Whether `ast` reads the variable `name` (e.g. `oldSelf`: a transition rule). */
export function readsVariable(ast: CelAst, name: string): boolean {
  switch (ast.k) {
    case 'id':
      return ast.name === name;
    case 'lit':
      return false;
    case 'sel':
      return readsVariable(ast.of, name);
    case 'idx':
      return readsVariable(ast.of, name) || readsVariable(ast.index, name);
    case 'call':
      return (
        (ast.target !== undefined && readsVariable(ast.target, name)) || ast.args.some((a) => readsVariable(a, name))
      );
    case 'list':
      return ast.items.some((a) => readsVariable(a, name));
    case 'un':
      return readsVariable(ast.x, name);
    case 'bin':
      return readsVariable(ast.l, name) || readsVariable(ast.r, name);
    case 'cond':
      return readsVariable(ast.c, name) || readsVariable(ast.t, name) || readsVariable(ast.f, name);
  }
}
