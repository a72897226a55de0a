import { compareStrings } from '../model/compare-strings';

/**
 * Naming helpers shared by the IR builders: identifiers, property keys, PascalCase and the
 * ordering of Kubernetes API versions.
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Property names that are written quoted even though they are identifiers. */
const QUOTED_NAMES = new Set(['constructor', '__proto__', 'prototype']);

/**
 * The members TypeScript's `Object` interface declares: TypeScript finds them on every object
 * type, so an object literal without an optional property of one of these names still "has"
 * it (a function) and is not assignable unless the property's type admits that member too.
 */
export const OBJECT_MEMBERS: ReadonlySet<string> = new Set([
  'constructor',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'toString',
  'valueOf',
]);

/** Whether `name` can be written as a bare identifier (type, class or variable name). */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !RESERVED_WORDS.has(name);
}

/** The key of a property in an interface: bare when possible, otherwise a quoted string. */
export function propertyKey(name: string): string {
  if (IDENTIFIER.test(name) && !QUOTED_NAMES.has(name)) {
    return name;
  }
  return quoteString(name);
}

/** A single-quoted JavaScript string literal for any text (safe for all characters). */
export function quoteString(text: string): string {
  let out = "'";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "'") out += "\\'";
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) {
      out += '\\u' + code.toString(16).padStart(4, '0');
    } else out += ch;
  }
  return out + "'";
}

/** `app.kubernetes.io/name` → `AppKubernetesIoName`, `v1alpha1` → `V1alpha1`. */
export function pascalCase(text: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  const joined = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return joined.length > 0 ? joined : 'Value';
}

/** A parsed Kubernetes version (`v1`, `v2beta1`, `v1alpha3`); undefined when not of that form. */
export interface ParsedVersion {
  readonly major: number;
  /** 2 = GA, 1 = beta, 0 = alpha. */
  readonly stability: number;
  readonly minor: number;
}

export function parseVersion(version: string): ParsedVersion | undefined {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
  if (!m) {
    return undefined;
  }
  return {
    major: Number(m[1]),
    stability: m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0,
    minor: m[3] === undefined ? 0 : Number(m[3]),
  };
}

/**
 * Orders versions most preferred first: GA before beta before alpha, then the higher major,
 * then the higher minor (v2 > v1, v1beta2 > v1beta1); versions of another form come last, by name.
 */
export function compareVersionPreference(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (pa && pb) {
    return pb.stability - pa.stability || pb.major - pa.major || pb.minor - pa.minor;
  }
  if (pa || pb) {
    return pa ? -1 : 1;
  }
  return compareStrings(a, b);
}

/** Reserved words of JavaScript/TypeScript that cannot name a class or a type. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'new',
  'null',
  'return',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'implements',
  'interface',
  'let',
  'package',
  'private',
  'protected',
  'public',
  'static',
  'yield',
  'any',
  'boolean',
  'number',
  'string',
  'symbol',
  'unknown',
  'never',
  'object',
  'undefined',
  'await',
  'async',
  'type',
  'bigint',
]);
