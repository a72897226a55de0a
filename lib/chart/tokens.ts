/**
 * Helm value placeholders that fit where constructs take a `string` or a `number`.
 *
 * - A string token is `${BerthValue#<id>}`; it can be embedded in a larger string
 *   (`` `${repo}:${tag}` ``).
 * - A number token is a finite double far outside any real setting (around -1e289), one per
 *   value; `String(token)` is recognised too when embedded in a string.
 * - Booleans, objects and lists are {@link Resolvable}s (see `values.ts`).
 *
 * For plain output every token becomes its environment's value. For Helm output it becomes a
 * marker naming the value, `${BerthValue:<path>}` (`${BerthValue:<path>!s}` when it was turned
 * into text), which the chart writer turns into a template
 * expression. Tokens are only meaningful as whole values: arithmetic on a number token gives
 * garbage (declare the computed value instead).
 *
 * Tokens belong to the construct tree that declared them: each tree's root carries its own
 * {@link ValueTable}, so a platform's tokens mean nothing in another platform of the process
 * (text shaped like a token is text there), and ids start at 0 in each.
 */
import { IConstruct } from 'constructs';
import { attachTokenResolver, PrimitiveTokenResolver, ResolveContext, tokenResolverOf } from '../core/resolve';

/** The kinds of value a chart can carry. */
export type ValueType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'list';

/** JSON Schema constraints of a declared value (a subset Helm's validator understands). */
export interface ValueConstraints {
  readonly description?: string;
  readonly enum?: readonly (string | number)[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly pattern?: string;
  /** Extra JSON Schema for object and list values. */
  readonly schema?: Readonly<Record<string, unknown>>;
}

/** A value declared by `ChartValues`, in one environment of one app. */
export interface ValueDeclaration {
  readonly id: number;
  /** The value path, e.g. `frontend.replicas`. */
  readonly name: string;
  readonly type: ValueType;
  /** The environment whose app declared it. */
  readonly environment: string;
  /** The construct path of the scope that declared it (for errors). */
  readonly constructPath: string;
  /** The chart default (`values.yaml`). */
  readonly defaultValue: unknown;
  /** The value in this environment (`values-<env>.yaml`, plain output). */
  readonly value: unknown;
  readonly constraints: ValueConstraints;
}

/**
 * An object's name (or its Service DNS name) as another object's text uses it: the name in
 * plain output, the name that follows the release in a chart (`service.serviceName`).
 */
export interface NameReference {
  readonly kind: string;
  readonly name: string;
  /** The object's namespace. */
  readonly namespace: string;
  /** `name`: the name; `dns`: `<name>.<namespace>.svc`. */
  readonly form: 'name' | 'dns';
}

const STRING_TOKEN = /\$\{BerthValue#(\d+)\}/g;
const NAME_TOKEN = /\$\{BerthName#(\d+)\}/g;
/**
 * The Helm marker of a name reference: `${BerthName:<kind>/<name>}` or
 * `${BerthDns:<kind>/<name>/<namespace>}`. The chart builder turns it into the templated name
 * when the object is one of the release's, else into the literal name (lib/emit/helm/release-names.ts).
 */
export const NAME_MARKER = /\$\{Berth(Name|Dns):([^/}]+)\/([^/}]+)(?:\/([^/}]+))?\}/g;
/** `String(numberToken)`: `-1.00...e+289`. */
const NUMBER_TEXT = /-1(?:\.\d+)?e\+289/g;
/** The Helm marker of a value, as written into Helm-context data. */
export const MARKER = /\$\{BerthValue:([A-Za-z0-9_.]+)(?:!s)?\}/g;

/** Whether any chart value was declared in the tree of `scope` (else its Helm and plain renders are equal). */
export function hasDeclarations(scope: IConstruct): boolean {
  return tokenResolverOf(scope) !== undefined;
}

/** Registers a declaration in the tree of `scope` and returns it with its id. */
export function registerDeclaration(scope: IConstruct, d: Omit<ValueDeclaration, 'id'>): ValueDeclaration {
  return tableOf(scope).declare(d);
}

/**
 * The value table of the tree of `scope`, attached on first use: strings and numbers are only
 * searched for tokens in a tree where a value exists (synth's hot path). The only issuer of
 * tokens, so the tree's token resolver is this table.
 */
function tableOf(scope: IConstruct): ValueTable {
  return attachTokenResolver(scope, () => new ValueTable());
}

/** The string token of `decl`. */
export function stringToken(decl: ValueDeclaration): string {
  return `\${BerthValue#${decl.id}}`;
}

/** The number token of `decl`, declared in the tree of `scope`. */
export function numberToken(scope: IConstruct, decl: ValueDeclaration): number {
  return tableOf(scope).numberToken(decl);
}

/** The Helm marker of the value named `name`. */
export function markerOf(name: string): string {
  return `\${BerthValue:${name}}`;
}

/**
 * A string token standing for `ref` in the tree of `scope`: it may be embedded in larger text
 * (`` `postgres://${db.dnsName}:5432` ``).
 */
export function nameToken(scope: IConstruct, ref: NameReference): string {
  return tableOf(scope).nameToken(ref);
}

/**
 * The plain name `text` stands for when it is exactly a name token of the tree of `scope`
 * (`service.serviceName` passed where a name is checked), else undefined.
 */
export function nameOfToken(scope: IConstruct, text: string): string | undefined {
  const m = /^\$\{BerthName#(\d+)\}$/.exec(text);
  if (!m) return undefined;
  const ref = (tokenResolverOf(scope) as ValueTable | undefined)?.nameReference(Number(m[1]));
  return ref?.form === 'name' ? ref.name : undefined;
}

/** What a name reference resolves to for `context`. */
function resolveName(ref: NameReference, context: ResolveContext): string {
  if (context.output === 'helm')
    return ref.form === 'name'
      ? `\${BerthName:${ref.kind}/${ref.name}}`
      : `\${BerthDns:${ref.kind}/${ref.name}/${ref.namespace}}`;
  return ref.form === 'name' ? ref.name : `${ref.name}.${ref.namespace}.svc`;
}

/** The declaration a token of the tree of `scope` (string, number, or a `Resolvable` value's string form) stands for. */
export function declarationOfToken(scope: IConstruct, x: unknown): ValueDeclaration | undefined {
  return (tokenResolverOf(scope) as ValueTable | undefined)?.declarationOf(x);
}

/** What a declaration resolves to for `context`. */
export function resolveDeclaration(decl: ValueDeclaration, context: ResolveContext): unknown {
  return context.output === 'helm' ? markerOf(decl.name) : decl.value;
}

function textOf(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

/** The chart values declared in one construct tree, and the resolver of their tokens. */
class ValueTable implements PrimitiveTokenResolver {
  private readonly declarations: ValueDeclaration[] = [];
  private readonly byNumber = new Map<number, ValueDeclaration>();
  private readonly names: NameReference[] = [];
  private readonly nameIds = new Map<string, number>();

  public nameToken(ref: NameReference): string {
    const key = `${ref.form}/${ref.kind}/${ref.namespace}/${ref.name}`;
    let id = this.nameIds.get(key);
    if (id === undefined) {
      id = this.names.push(ref) - 1;
      this.nameIds.set(key, id);
    }
    return `\${BerthName#${id}}`;
  }

  public declare(d: Omit<ValueDeclaration, 'id'>): ValueDeclaration {
    const decl: ValueDeclaration = { ...d, id: this.declarations.length };
    this.declarations.push(decl);
    return decl;
  }

  public nameReference(id: number): NameReference | undefined {
    return this.names[id];
  }

  public numberToken(decl: ValueDeclaration): number {
    const n = -(1e289 + decl.id * 1e277);
    this.byNumber.set(n, decl);
    return n;
  }

  public declarationOf(x: unknown): ValueDeclaration | undefined {
    if (typeof x === 'number') return this.byNumber.get(x);
    if (typeof x === 'string') {
      const m = /^\$\{BerthValue#(\d+)\}$/.exec(x);
      return m ? this.declarations[Number(m[1])] : undefined;
    }
    if (typeof x === 'object' && x !== null && typeof (x as { toString?: unknown }).toString === 'function') {
      return this.declarationOf(String(x));
    }
    return undefined;
  }

  public resolvePrimitive(value: string | number, context: ResolveContext): unknown {
    if (typeof value === 'number') {
      const d = this.byNumber.get(value);
      return d ? resolveDeclaration(d, context) : value;
    }
    if (value.indexOf('${Berth') === -1 && value.indexOf('e+289') === -1) return value;
    if (value.indexOf('${BerthName#') !== -1) {
      value = value.replace(NAME_TOKEN, (text, id: string) => {
        const ref = this.names[Number(id)];
        return ref ? resolveName(ref, context) : text;
      });
    }
    // A whole string token of a string value is the value; anything else is text.
    const whole = this.declarationOf(value);
    if (whole && whole.type === 'string') return resolveDeclaration(whole, context);
    const replace = (d: ValueDeclaration | undefined, text: string): string =>
      d ? (context.output === 'helm' ? `\${BerthValue:${d.name}!s}` : textOf(d.value)) : text;
    return value
      .replace(STRING_TOKEN, (text, id: string) => replace(this.declarations[Number(id)], text))
      .replace(NUMBER_TEXT, (text) => replace(this.byNumber.get(Number(text)), text));
  }
}
