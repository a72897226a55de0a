/**
 * The intermediate representation between schemas and TypeScript: named types (interfaces,
 * aliases) and kind classes. The emitter turns it into a source file; nothing in it is text of
 * generated code except type names.
 */

/** A reference to a TypeScript type. */
export type TypeRef =
  | { readonly kind: 'primitive'; readonly name: 'string' | 'number' | 'boolean' | 'unknown' | 'null' }
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null }
  /** A declared type of the module, or (`imported`) a type imported from a library. */
  | { readonly kind: 'named'; readonly name: string; readonly imported?: boolean }
  | { readonly kind: 'array'; readonly element: TypeRef }
  | { readonly kind: 'union'; readonly members: readonly TypeRef[] }
  /** An inline object type (open maps, embedded objects without a name). */
  | { readonly kind: 'object'; readonly properties: readonly PropertyIR[]; readonly index?: TypeRef };

/** Documentation of a type or property, taken from the schema. */
export interface DocIR {
  readonly description?: string;
  readonly format?: string;
  /** The schema's `default`, as JSON. */
  readonly default?: unknown;
  readonly deprecated?: string;
  /** The first Kubernetes version (of those compared) that has it, e.g. `1.34`. */
  readonly since?: string;
}

export interface PropertyIR {
  /** The name exactly as in the schema. */
  readonly name: string;
  readonly type: TypeRef;
  readonly optional: boolean;
  readonly docs: DocIR;
}

export interface InterfaceIR {
  readonly kind: 'interface';
  readonly name: string;
  readonly docs: DocIR;
  readonly properties: readonly PropertyIR[];
  /** Type of the index signature, when the object admits other keys. */
  readonly index?: TypeRef;
}

export interface AliasIR {
  readonly kind: 'alias';
  readonly name: string;
  readonly docs: DocIR;
  readonly type: TypeRef;
}

export type DeclarationIR = InterfaceIR | AliasIR;

/** Where a kind's schema comes from at run time. */
export type KindSchemaIR =
  /** A definition of the sibling `k8s.schema` module. */
  | { readonly dialect: 'swagger-definitions'; readonly definitionName: string }
  /** A JSON text constant of the module, and the sha256 of that text (a cache key for validators). */
  | { readonly dialect: 'crd-openapi-v3'; readonly constantName: string; readonly hash: string };

export interface KindIR {
  readonly className: string;
  readonly propsName: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly docs: DocIR;
  /** Whether the props have a required member (no `= {}` default then). */
  readonly propsRequired: boolean;
  /** Whether the props declare `metadata` (discovery kinds such as APIGroup do not). */
  readonly hasMetadata: boolean;
  /** False for a second class of the same apiVersion/kind (it would register the same entry). */
  readonly register: boolean;
  /**
   * For such a second class: the class registered for the kind, whose `GVK` object it shares
   * (the kind is attached to that object: objects of either class carry it).
   */
  readonly sameAs?: string;
  readonly namespaced?: boolean;
  readonly source: string;
  readonly schema: KindSchemaIR;
}

/** One generated module. */
export interface ModuleIR {
  /** File name inside the output directory, e.g. `k8s.ts`. */
  readonly fileName: string;
  /** The command shown in the header, e.g. `berth import k8s`. */
  readonly command: string;
  /** The inputs shown in the header. */
  readonly inputs: readonly string[];
  readonly runtimeModule: string;
  /** Whether this is a module Berth ships (`lib/imports/`): its kinds are found by name too. */
  readonly shipped?: boolean;
  /** Whether kind metadata is typed as cdk8s `ApiObjectMetadata` (CRD modules). */
  readonly importsApiObjectMetadata: boolean;
  readonly declarations: readonly DeclarationIR[];
  readonly kinds: readonly KindIR[];
  /** JSON text constants (CRD schemas). */
  readonly schemaConstants: readonly { readonly name: string; readonly json: string }[];
  /** When set, kinds load their schema from this sibling module (k8s). */
  readonly definitionsModule?: { readonly path: string; readonly exportName: string };
}

export const t = {
  string: { kind: 'primitive', name: 'string' } as TypeRef,
  number: { kind: 'primitive', name: 'number' } as TypeRef,
  boolean: { kind: 'primitive', name: 'boolean' } as TypeRef,
  unknown: { kind: 'primitive', name: 'unknown' } as TypeRef,
  null: { kind: 'primitive', name: 'null' } as TypeRef,
  named: (name: string): TypeRef => ({ kind: 'named', name }),
  array: (element: TypeRef): TypeRef => ({ kind: 'array', element }),
  openObject: (): TypeRef => ({ kind: 'object', properties: [], index: { kind: 'primitive', name: 'unknown' } }),
};
