/**
 * Maps normalized JSON schemas to IR types. Objects with declared properties become named
 * interfaces; structurally identical object schemas are declared once and reused (keyed by a
 * hash of their canonical JSON).
 */
import { canonicalJson, sha256 } from '../model/canonical-json';
import { DeclarationIR, DocIR, InterfaceIR, PropertyIR, t, TypeRef } from './ir';
import { pascalCase } from './names';
import { isObject, SchemaNode } from './normalize';

/** What the mapper needs from its caller. */
export interface TypeMapHost {
  /** The type a `$ref` stands for. */
  resolveRef(ref: string): TypeRef;
}

/** Allocates unique type names and collects the declarations of one module. */
export class TypeNamer {
  public readonly declarations: DeclarationIR[] = [];
  private readonly used = new Set<string>();
  private readonly byHash = new Map<string, string>();

  public constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.used.add(r);
  }

  /** Reserves `name` exactly; false when it is taken. */
  public reserve(name: string): boolean {
    if (this.used.has(name)) return false;
    this.used.add(name);
    return true;
  }

  /** `base`, or `base2`, `base3`... whichever is free first; reserves it. */
  public unique(base: string): string {
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}${i}`;
    this.used.add(name);
    return name;
  }

  public isUsed(name: string): boolean {
    return this.used.has(name);
  }

  public knownShape(hash: string): string | undefined {
    return this.byHash.get(hash);
  }

  public rememberShape(hash: string, name: string): void {
    this.byHash.set(hash, name);
  }

  /** Reserves a slot so that a parent is declared before the types it contains. */
  public slot(): (decl: DeclarationIR) => void {
    const index = this.declarations.length;
    this.declarations.push(undefined as unknown as DeclarationIR);
    return (decl) => {
      this.declarations[index] = decl;
    };
  }
}

export class SchemaTypeMapper {
  public constructor(
    private readonly host: TypeMapHost,
    private readonly namer: TypeNamer,
  ) {}

  /** The type of `node`; nested objects are named `<prefix><Path in PascalCase>`. */
  public typeOf(node: unknown, prefix: string, path: readonly string[]): TypeRef {
    if (!isObject(node)) {
      return t.unknown;
    }
    const base = this.baseTypeOf(node, prefix, path);
    return node.nullable === true ? union([base, t.null]) : base;
  }

  /** Properties of an object schema, names kept exactly, `required` ones non-optional. */
  public propertiesOf(node: SchemaNode, prefix: string, path: readonly string[]): PropertyIR[] {
    const props = isObject(node.properties) ? node.properties : {};
    const required = new Set(Array.isArray(node.required) ? node.required.filter((r) => typeof r === 'string') : []);
    return Object.entries(props).map(([name, sub]) => ({
      name,
      type: this.typeOf(sub, prefix, [...path, name]),
      optional: !required.has(name),
      docs: docsOf(sub),
    }));
  }

  /** An interface for an object schema, under a name chosen by the caller. */
  public interfaceOf(
    node: SchemaNode,
    name: string,
    prefix: string,
    path: readonly string[],
    docs: DocIR = docsOf(node),
  ): InterfaceIR {
    const properties = this.propertiesOf(node, prefix, path);
    return {
      kind: 'interface',
      name,
      docs,
      properties,
      index: this.indexOf(node, prefix, path, properties.length > 0),
    };
  }

  private baseTypeOf(node: SchemaNode, prefix: string, path: readonly string[]): TypeRef {
    if (typeof node.$ref === 'string') {
      return this.host.resolveRef(node.$ref);
    }
    if (Array.isArray(node.enum)) {
      const literals = node.enum.filter((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v));
      if (literals.length > 0 && literals.length === node.enum.length) {
        return union(literals.map((value) => ({ kind: 'literal', value }) as TypeRef));
      }
    }
    const type = node.type;
    const hasProperties = isObject(node.properties) && Object.keys(node.properties).length > 0;
    if (type === undefined && !hasProperties && node.additionalProperties === undefined) {
      const branches = [node.oneOf, node.anyOf].find(Array.isArray) as unknown[] | undefined;
      if (branches) {
        return union(branches.map((b, i) => this.typeOf(b, prefix, [...path, `Option${i + 1}`])));
      }
    }
    switch (type) {
      case 'string':
        return t.string;
      case 'integer':
      case 'number':
        return t.number;
      case 'boolean':
        return t.boolean;
      case 'array':
        return t.array(node.items === undefined ? t.unknown : this.typeOf(node.items, prefix, path));
      case 'object':
      case undefined:
        if (type === undefined && !hasProperties && node.additionalProperties === undefined) {
          return t.unknown;
        }
        return this.objectType(node, prefix, path, hasProperties);
      default:
        return t.unknown;
    }
  }

  private objectType(node: SchemaNode, prefix: string, path: readonly string[], hasProperties: boolean): TypeRef {
    if (!hasProperties) {
      return { kind: 'object', properties: [], index: this.indexOf(node, prefix, path, false) ?? t.unknown };
    }
    const hash = sha256(canonicalJson(node));
    const known = this.namer.knownShape(hash);
    if (known) {
      return t.named(known);
    }
    const name = this.namer.unique(prefix + path.map(pascalCase).join(''));
    this.namer.rememberShape(hash, name);
    const fill = this.namer.slot();
    fill(this.interfaceOf(node, name, prefix, path));
    return t.named(name);
  }

  /** The index signature type: declared values for maps, `unknown` for open objects. */
  private indexOf(
    node: SchemaNode,
    prefix: string,
    path: readonly string[],
    hasProperties: boolean,
  ): TypeRef | undefined {
    if (node['x-kubernetes-preserve-unknown-fields'] === true) {
      return t.unknown;
    }
    if (node.additionalProperties !== undefined) {
      // Declared properties must fit the index signature, so a mixed object admits any value.
      return hasProperties ? t.unknown : this.typeOf(node.additionalProperties, prefix, [...path, 'Value']);
    }
    return undefined;
  }
}

/** Documentation of a schema node: description, `format`, `default`. */
export function docsOf(node: unknown): DocIR {
  if (!isObject(node)) {
    return {};
  }
  return {
    description: typeof node.description === 'string' ? node.description : undefined,
    format: typeof node.format === 'string' ? node.format : undefined,
    default: node.default,
  };
}

/** A union without duplicate members; a single member stands for itself. */
export function union(members: readonly TypeRef[]): TypeRef {
  const seen = new Set<string>();
  const flat: TypeRef[] = [];
  for (const m of members) {
    for (const x of m.kind === 'union' ? m.members : [m]) {
      const key = JSON.stringify(x);
      if (!seen.has(key)) {
        seen.add(key);
        flat.push(x);
      }
    }
  }
  if (flat.some((m) => m.kind === 'primitive' && m.name === 'unknown')) {
    return t.unknown;
  }
  const primitiveOrder = ['number', 'string', 'boolean', 'null'];
  const rank = (m: TypeRef): number => (m.kind === 'primitive' ? primitiveOrder.indexOf(m.name) : -1);
  if (flat.every((m) => m.kind === 'primitive')) {
    flat.sort((a, b) => rank(a) - rank(b));
  }
  return flat.length === 1 ? flat[0] : { kind: 'union', members: flat };
}
