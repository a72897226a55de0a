/**
 * The registry of kinds known to this process: every generated L1 class registers its
 * group/version/kind and a lazy loader of its schema, so synth-time validation can find the
 * schema of any rendered object by `apiVersion` and `kind`, and rendering knows which kinds are
 * cluster-scoped.
 *
 * Why it is process-wide, unlike everything else a synth uses (see `SynthContext`): generated
 * modules register their kinds when they are loaded, and Node loads a module once per process,
 * whichever platform's program imports it first; a registry per platform could not be filled,
 * since a second platform importing the same module runs none of its code. It lives on
 * `globalThis` under a `Symbol.for` key, so two copies of the library in one process (a user's
 * and a dependency's) share it.
 *
 * Why platforms do not depend on each other through it: an entry is a fact about one kind (its
 * schema and scope), written by the generated code of that kind, so it is the same whichever
 * platform loaded the module. Two cases remain where what one program loaded shows in
 * another's output: a platform that renders a kind without importing its generated module (an
 * `ApiObject` of a custom kind) finds the kind only if something else in the process loaded
 * it (alone, it gets `schema/unknown-kind` and keeps the object's namespace); and two generated
 * modules of one kind with different schemas replace each other in the order they load.
 * Validation looks kinds up once per run (`SchemaChecker`), so a kind registered between two
 * synths is seen by the second.
 */

import { compareStrings } from '../model/compare-strings';

/** A JSON Schema object as found in OpenAPI documents and CRDs. */
export interface JsonSchema {
  readonly [keyword: string]: unknown;
}

/** Which flavour of schema a kind carries. */
export type SchemaDialect =
  /** A swagger 2 `definitions` entry, with `$ref`s into the same definitions map (core Kubernetes). */
  | 'swagger-definitions'
  /** A CRD's structural `openAPIV3Schema` (self-contained, `x-kubernetes-*` extensions). */
  | 'crd-openapi-v3';

/** The schema of one kind, loaded on first use. */
export interface LoadedKindSchema {
  readonly dialect: SchemaDialect;
  /** The schema of the whole object. */
  readonly root: JsonSchema;
  /** For `swagger-definitions`: the map `$ref`s point into (`#/definitions/<name>`). */
  readonly definitions?: Readonly<Record<string, JsonSchema>>;
  /** The definition name of `root`, when it comes from a definitions map. */
  readonly definitionName?: string;
  /**
   * For CRD kinds: the sha256 of the schema's JSON text, computed by the importer, so compiled
   * validators can be found in the cache without parsing the schema.
   */
  readonly schemaHash?: string;
}

/** What a generated kind registers. */
export interface KindInfo {
  /** `group/version`, or `version` for the core group (e.g. `apps/v1`, `v1`). */
  readonly apiVersion: string;
  readonly kind: string;
  /** Where the kind came from, for messages (`berth import k8s`, a CRD file name). */
  readonly source: string;
  /** Whether the kind is namespaced; undefined when the schema does not say. */
  readonly namespaced?: boolean;
  /**
   * For kinds from a swagger `definitions` map: the definition's name, known without loading
   * the schema (validation uses its own copy of the core definitions when the names agree).
   */
  readonly definitionName?: string;
  /**
   * For CRD kinds: the sha256 of the schema's JSON text, computed by the importer, so compiled
   * validators can be found in the cache without parsing the schema.
   */
  readonly schemaHash?: string;
  /** Loads (and caches) the schema. */
  readonly schema: () => LoadedKindSchema;
}

const REGISTRY_KEY = Symbol.for('berth.kind-registry');

type Registry = Map<string, KindInfo>;

function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  let r = g[REGISTRY_KEY];
  if (!r) {
    r = new Map();
    g[REGISTRY_KEY] = r;
  }
  return r;
}

function keyOf(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

/** Registers a kind. Registering the same apiVersion and kind again replaces the entry. */
export function registerKind(info: KindInfo): void {
  registry().set(keyOf(info.apiVersion, info.kind), info);
}

/** The kind registered for `apiVersion` and `kind`, or undefined. */
export function findKind(apiVersion: string, kind: string): KindInfo | undefined {
  return registry().get(keyOf(apiVersion, kind));
}

/** Every registered kind, sorted by apiVersion then kind. */
export function registeredKinds(): KindInfo[] {
  return [...registry().values()].sort((a, b) =>
    a.apiVersion === b.apiVersion ? compareStrings(a.kind, b.kind) : compareStrings(a.apiVersion, b.apiVersion),
  );
}

/**
 * Returns a loader that parses `json` once, on first call. Generated modules embed their
 * schemas as JSON text so that they are self-contained and cost nothing until validation.
 */
export function lazySchema<T>(json: () => string, pick: (parsed: unknown) => T): () => T {
  let cached: { value: T } | undefined;
  return () => {
    if (!cached) {
      cached = { value: pick(JSON.parse(json())) };
    }
    return cached.value;
  };
}
