/**
 * The kinds of generated L1 classes: each generated module registers, per kind, its
 * group/version/kind, scope and a lazy loader of its schema, so that synth-time validation
 * finds the schema of a rendered object and rendering knows which kinds are cluster-scoped.
 *
 * Where a synth finds a kind, so that two platforms in one process cannot change each other's
 * output or findings:
 * - **The objects of the tree.** Generated code registers each kind with its class
 *   (`registerKind(info, Class)`): the info is attached to the class's `GVK` object, which the
 *   class (and every L2 construct of that kind) passes to `ApiResource`, so each object carries
 *   its kind, and `collect` gathers the kinds of the objects it renders into the run's table
 *   (`SynthContext.kinds`). Two generated modules of one kind with different schemas no longer
 *   replace each other: each platform validates with the class its objects were made of.
 * - **Kinds shipped with Berth** (`lib/imports/`, registered with `registerShippedKind`): the
 *   same for every platform, found by name too, so a plain `ApiResource` of such a kind is
 *   still validated.
 * - **Kinds registered without a class** (modules generated before `berth import` passed it):
 *   still found by name, process-wide, as before; regenerate them (`berth import`) to have
 *   their kinds found through the objects only. Deprecated.
 * The table lives on `globalThis` under a `Symbol.for` key, so two copies of the library in one
 * process (a user's and a dependency's) share it; an entry is a fact about one kind, written
 * by the generated code of that kind. A kind registered with a class and rendered only as a
 * plain `ApiResource` of the same apiVersion and kind is not found (`schema/unknown-kind`),
 * whatever else the process loaded.
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

// Not the key of earlier versions (one Map): two copies of different versions keep their own.
const REGISTRY_KEY = Symbol.for('berth.kind-registry.2');
/** The property of a class's `GVK` object that holds its kind (symbol-keyed, not enumerable). */
const KIND_OF_GVK = Symbol.for('berth.kind-info');

/**
 * Every registration (`all`, for {@link findKind}), and those a synth may find by apiVersion and
 * kind (`byName`): a kind registered with its class never replaces one of those.
 */
interface Registry {
  readonly all: Map<string, KindInfo>;
  readonly byName: Map<string, KindInfo>;
}

function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  let r = g[REGISTRY_KEY];
  if (!r) {
    r = { all: new Map(), byName: new Map() };
    g[REGISTRY_KEY] = r;
  }
  return r;
}

/** The key of a kind in a {@link KindTable}. */
export function kindKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

/** Kinds by {@link kindKey}: those one synth found on the objects it renders. */
export type KindTable = ReadonlyMap<string, KindInfo>;

/** What generated code passes with a kind: its class, whose `GVK` its objects are made with. */
export interface KindClass {
  /** The apiVersion and kind its objects are made with (the kind is attached to this object). */
  readonly GVK: { readonly apiVersion: string; readonly kind: string };
}

function attach(info: KindInfo, kindClass: KindClass): void {
  const gvk = kindClass.GVK;
  if (gvk.apiVersion !== info.apiVersion || gvk.kind !== info.kind)
    throw new Error(
      `registerKind: the class's GVK is ${gvk.apiVersion} ${gvk.kind}, the kind registered ${info.apiVersion} ${info.kind}; they must be the same (regenerate the module with berth import)`,
    );
  Object.defineProperty(gvk, KIND_OF_GVK, { value: info, configurable: true });
}

/**
 * Registers a kind. With its class (what `berth import` generates), the kind travels with the
 * objects made of that class: a synth finds it only through them. Without one (modules
 * generated by earlier versions; deprecated), it is found by name by every synth of the process.
 * Registering the same apiVersion and kind again replaces the entry of {@link findKind}.
 */
export function registerKind(info: KindInfo, kindClass?: KindClass): void {
  const key = kindKey(info.apiVersion, info.kind);
  if (kindClass) attach(info, kindClass);
  else registry().byName.set(key, info);
  registry().all.set(key, info);
}

/**
 * Registers a kind of the modules Berth ships (`lib/imports/`): attached to its class, and
 * found by name too, since it is the same for every platform. Not for other modules.
 */
export function registerShippedKind(info: KindInfo, kindClass: KindClass): void {
  attach(info, kindClass);
  const key = kindKey(info.apiVersion, info.kind);
  registry().byName.set(key, info);
  registry().all.set(key, info);
}

/** The kind attached to a class's `GVK` object (see {@link registerKind}), if any. */
export function kindOfGvk(gvk: object): KindInfo | undefined {
  return (gvk as Record<symbol, KindInfo | undefined>)[KIND_OF_GVK];
}

/**
 * The kind a synth finds by name: registered by a module Berth ships, or without a class.
 * Kinds registered with their class are found through the objects only ({@link KindTable}).
 */
export function kindByName(apiVersion: string, kind: string): KindInfo | undefined {
  return registry().byName.get(kindKey(apiVersion, kind));
}

/**
 * The kind last registered for `apiVersion` and `kind`, however it was registered, or undefined.
 * Process-wide: for tools and tests; a synth uses its {@link KindTable} and {@link kindByName}.
 */
export function findKind(apiVersion: string, kind: string): KindInfo | undefined {
  return registry().all.get(kindKey(apiVersion, kind));
}

/** Every registered kind, sorted by apiVersion then kind. */
export function registeredKinds(): KindInfo[] {
  return [...registry().all.values()].sort((a, b) =>
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
