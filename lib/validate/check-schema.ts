import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type Ajv from 'ajv';
import type { ErrorObject, KeywordCxt, ValidateFunction } from 'ajv';
import type { DiskCache, Speedups } from '../perf/interfaces';
import { speedups } from '../perf/speedups';
import { sha256 } from '../model/canonical-json';
import { JsonSchema, KindInfo, kindByName, kindKey, KindTable, LoadedKindSchema } from '../core/kind-registry';
import { removedApi } from './removed-apis';
import { CrdVersionSchema } from './crd-schemas';
import { builtinCrdSchema } from './builtin-crds';
import { checkCelRules, hasCelRules } from './check-cel';
import { closest } from '../model/edit-distance';
import { child, fromJsonPointer } from '../model/field-path';
import { asObject, Finding } from './finding';
import {
  DEFAULT_K8S_VERSION,
  k8sDefinitions,
  k8sDefinitionsHash,
  k8sKinds,
  K8S_VERSIONS,
  KubernetesVersion,
} from './k8s-definitions';
import { QUANTITY_PATTERN, quantityHint } from '../model/quantity';
import {
  convertCrdSchema,
  convertSwaggerDefinitions,
  INTEGER_RANGE_KEYWORD,
  objectMetaRef,
  QUANTITY_KEYWORD,
} from './schema-convert';
import { setOwn } from '../model/set-own';

/**
 * Strict schema validation of one object against the Kubernetes OpenAPI definitions or its
 * CRD's `openAPIV3Schema`, with ajv. Compiled validators are kept in a {@link SchemaCache} (one
 * for the process by default), and their generated code on disk (`node_modules/.cache/berth/ajv/`,
 * keyed by a hash of the converted schema; loaded through V8's code cache, see core/code-cache),
 * so a synth does not compile the same schemas again: compiling is most of the cost of validation.
 * Which schema a kind has is looked up once per {@link SchemaChecker}, that is per validation run.
 */

const CORE_ID = 'k8s';
/** Changes whenever the code generated for a schema would change for the same schema. */
const CODE_VERSION = `berth-1 ajv-${(require('ajv/package.json') as { version: string }).version}`;

/**
 * How a validator is compiled: `check` answers valid or not at the first violation, with
 * small generated code (the common case: every object of a synth that passes); `explain`
 * collects every violation with its schema, for the messages, and runs only for objects that
 * failed the check.
 */
type Mode = 'check' | 'explain';

/**
 * Compiled validators and what compiling them takes, each kept by what it is made from: the
 * shipped core definitions (their names), a schema's hash, a schema object. Pure memoization:
 * an entry never changes what a check answers, only how soon, so one cache serves every
 * validation of the process by default ({@link SchemaCache.shared}); what can change between
 * runs (the kinds registered, the CRDs given) is looked up per run by {@link SchemaChecker}.
 */
export class SchemaCache {
  /** The cache every check uses unless given another (the default Kubernetes version's). */
  public static readonly shared = new SchemaCache();

  private static readonly byVersion = new Map<KubernetesVersion, SchemaCache>([
    [DEFAULT_K8S_VERSION, SchemaCache.shared],
  ]);

  /** The cache of the checks against Kubernetes `version`'s definitions, one per process. */
  public static of(version: KubernetesVersion): SchemaCache {
    let c = SchemaCache.byVersion.get(version);
    if (!c) SchemaCache.byVersion.set(version, (c = new SchemaCache(version)));
    return c;
  }

  /** @param version the Kubernetes version whose definitions the core kinds are checked against */
  public constructor(public readonly version: KubernetesVersion = DEFAULT_K8S_VERSION) {}

  /** By mode, and whether fields count only as own members (CRD schemas; see {@link ajv}). */
  readonly ajvInstances = new Map<string, Ajv>();
  coreConverted: JsonSchema | undefined;
  coreKey: string | undefined;
  /** By mode and core definition name. */
  readonly coreValidators = new Map<string, ValidateFunction>();
  /** By schema object (CRD schemas; generated definitions in the explaining form). */
  readonly schemaValidators = {
    check: new WeakMap<object, ValidateFunction>(),
    explain: new WeakMap<object, ValidateFunction>(),
  };
  /** By mode and the hash of a generated CRD kind's schema text. */
  readonly hashedValidators = new Map<string, ValidateFunction>();
  /** The id each generated definitions map was added to the explaining ajv under. */
  readonly foreignDefinitionIds = new WeakMap<object, string>();
  foreignCount = 0;
  /** The CRD schemas with CEL rules, by CRD, kind info or loaded schema (null: none). */
  readonly celSchemas = new WeakMap<object, { readonly schema: JsonSchema; readonly source: string } | null>();
}

function coreSchema(cache: SchemaCache): JsonSchema {
  return (cache.coreConverted ??= convertSwaggerDefinitions(k8sDefinitions(cache.version).definitions, CORE_ID));
}

/**
 * What the compiled core validators depend on: the definitions file and the code that converts
 * and compiles them (this module and its conversion tables, as they are on disk), so a change
 * to either invalidates the cache without converting anything when nothing changed.
 */
function coreKey(cache: SchemaCache): string {
  if (!cache.coreKey) {
    const h = createHash('sha256').update(k8sDefinitionsHash(cache.version));
    for (const base of ['check-schema', 'schema-convert', 'k8s-enums', 'quantity']) {
      for (const ext of ['.js', '.ts']) {
        const file = path.join(__dirname, base + ext);
        if (fs.existsSync(file)) h.update(fs.readFileSync(file));
      }
    }
    cache.coreKey = h.digest('hex');
  }
  return cache.coreKey;
}

/**
 * The ajv that compiles validators of `mode`. `own`: a field is present only as the object's own
 * member, so a CRD field named `constructor` or `toString` is not "set" to Object.prototype's
 * function on every object. That costs a function call per field checked, so it is used for
 * CRD schemas only: the core definitions name no field like a member of Object.prototype.
 */
function ajv(cache: SchemaCache, mode: Mode, own: boolean): Ajv {
  const instance = own ? `${mode}+own` : mode;
  const existing = cache.ajvInstances.get(instance);
  if (existing) return existing;
  // Loaded only to compile: a run whose validators are all cached never loads ajv itself.
  const { default: AjvClass, _ } = require('ajv') as typeof import('ajv');
  const { usePattern } = require('ajv/dist/vocabularies/code') as typeof import('ajv/dist/vocabularies/code');
  const explain = mode === 'explain';
  const a = new AjvClass({
    allErrors: explain,
    strict: false,
    validateFormats: false,
    allowUnionTypes: true,
    verbose: explain,
    inlineRefs: false,
    ownProperties: own,
    code: { source: true },
  });
  a.addKeyword({
    keyword: QUANTITY_KEYWORD,
    schemaType: 'boolean',
    // Generated code (not a closure), so that compiled validators can be cached as code.
    code(cxt: KeywordCxt) {
      const { data } = cxt;
      // The pattern is a constant of the generated module, made once (not a RegExp per value).
      const pattern = usePattern(cxt, QUANTITY_PATTERN);
      cxt.fail(
        _`!((typeof ${data} == "number" && isFinite(${data})) || (typeof ${data} == "string" && ${pattern}.test(${data})))`,
      );
    },
  });
  a.addKeyword({
    keyword: INTEGER_RANGE_KEYWORD,
    schemaType: 'string',
    code(cxt: KeywordCxt) {
      const { data } = cxt;
      cxt.fail(
        cxt.schema === 'int32'
          ? _`typeof ${data} == "number" && (${data} < -2147483648 || ${data} > 2147483647)`
          : _`typeof ${data} == "number" && !Number.isSafeInteger(${data}) && Number.isInteger(${data})`,
      );
    },
  });
  a.addSchema(coreSchema(cache) as object);
  cache.ajvInstances.set(instance, a);
  return a;
}

/**
 * The validator for `key`: from the disk cache when there, else compiled by `compile` and
 * cached. A cache entry that cannot be loaded is compiled again.
 */
function cachedValidator(
  cache: SchemaCache,
  loading: ValidatorLoading,
  mode: Mode,
  key: string,
  own: boolean,
  compile: () => ValidateFunction,
): ValidateFunction {
  const variant = own ? `${mode}+own` : mode;
  const file = path.join(
    loading.diskCache.dir('ajv', __dirname),
    `${sha256(`${CODE_VERSION}\u0000${variant}\u0000${key}`)}.js`,
  );
  try {
    const loaded = loading.codeCache.load(file) as ValidateFunction | undefined;
    if (loaded) return loaded;
  } catch {
    // Unreadable: compile below.
  }
  const v = compile();
  const standaloneCode = (require('ajv/dist/standalone') as typeof import('ajv/dist/standalone')).default;
  loading.diskCache.write(file, standaloneCode(ajv(cache, mode, own), v));
  return v;
}

/** The parts of the speed-up machinery validation uses: compiled validators are cached files. */
export type ValidatorLoading = Pick<Speedups, 'diskCache' | 'codeCache'>;

/** Where the schema of a kind comes from. */
export type SchemaSource =
  | { readonly type: 'core'; readonly definitionName: string }
  | { readonly type: 'registry'; readonly loaded: LoadedKindSchema }
  /** A generated CRD kind whose schema text has a known hash: loaded only if not cached compiled. */
  | { readonly type: 'registry-crd'; readonly info: KindInfo; readonly schemaHash: string }
  | { readonly type: 'crd'; readonly crd: CrdVersionSchema };

/**
 * Finds the schema for `apiVersion`/`kind`: CRDs given to validation, the kinds of the objects
 * rendered (`kinds`) or else those found by name (shipped with Berth, or registered without a
 * class), core, then the CRDs Berth ships.
 */
export function findSchema(
  apiVersion: string,
  kind: string,
  crds: ReadonlyMap<string, CrdVersionSchema>,
  version: KubernetesVersion = DEFAULT_K8S_VERSION,
  kinds: KindTable = new Map(),
  disk?: DiskCache,
): SchemaSource | undefined {
  const key = kindKey(apiVersion, kind);
  const crd = crds.get(key);
  if (crd) return { type: 'crd', crd };
  const core = k8sKinds(version, disk).get(key);
  const registered = kinds.get(key) ?? kindByName(apiVersion, kind);
  // A built-in kind of another Kubernetes version (the generated classes are of one version):
  // this version does not serve it.
  if (
    !core &&
    registered?.definitionName &&
    K8S_VERSIONS.some((v) => k8sKinds(v, disk).get(key) === registered.definitionName)
  )
    return undefined;
  // A kind generated from the same definition: validate with the core copy, without loading its own.
  if (registered && core && registered.definitionName === core) return { type: 'core', definitionName: core };
  if (registered?.schemaHash) return { type: 'registry-crd', info: registered, schemaHash: registered.schemaHash };
  if (registered) {
    let loaded: LoadedKindSchema;
    try {
      loaded = registered.schema();
    } catch (e) {
      // A generated module whose schema cannot load: the shipped definitions still cover core kinds.
      if (core) return { type: 'core', definitionName: core };
      throw e;
    }
    if (!(loaded.dialect === 'swagger-definitions' && core && loaded.definitionName === core))
      return { type: 'registry', loaded };
  }
  if (core) return { type: 'core', definitionName: core };
  // The custom kinds of Berth's own constructs, whose generated modules this process may not have loaded.
  const builtin = builtinCrdSchema(apiVersion, kind);
  return builtin ? { type: 'crd', crd: builtin } : undefined;
}

/**
 * The schema checks of one validation run: the schema of each kind is looked up once (the CRDs
 * of the run first, then the kinds registered, then core), when the run first meets the kind,
 * and kept for this run only, since the kinds registered in the process can grow between runs.
 */
export class SchemaChecker {
  /** The source of each apiVersion and kind met (the same object for every object of a kind). */
  private readonly sources = new Map<string, Map<string, SchemaSource | undefined>>();
  /** The validators of each source, by mode. */
  private readonly validators = new Map<SchemaSource, Partial<Record<Mode, ValidateFunction>>>();

  public constructor(
    private readonly crds: ReadonlyMap<string, CrdVersionSchema> = new Map(),
    private readonly cache: SchemaCache = SchemaCache.shared,
    /** How compiled validators are cached; the caller persists its code cache once the checks ran. */
    private readonly loading: ValidatorLoading = speedups(),
    /** The kinds of the objects rendered (see {@link findSchema}). */
    private readonly kinds: KindTable = new Map(),
  ) {}

  /**
   * Checks `object` against its schema; returns one finding per violation. `knownNullFree`
   * (from rendering) skips looking for nulls, which are dropped before checking built-in kinds.
   */
  public check(object: unknown, knownNullFree = false): Finding[] {
    const o = asObject(object);
    const missing: Finding[] = [];
    for (const f of ['apiVersion', 'kind'] as const) {
      if (typeof o[f] !== 'string' || o[f] === '') {
        missing.push({
          rule: 'schema/required',
          field: f,
          value: o[f],
          message: `${f} is missing or not a string`,
          hint: `Set ${f} (e.g. ${f === 'kind' ? '"Deployment"' : '"apps/v1"'}).`,
        });
      }
    }
    if (missing.length > 0) return missing;
    const apiVersion = o.apiVersion as string;
    const kind = o.kind as string;
    const source = this.sourceFor(apiVersion, kind);
    if (!source) return [unknownKind(apiVersion, kind, this.cache.version)];
    const data =
      source.type === 'core' || (source.type === 'registry' && source.loaded.dialect === 'swagger-definitions')
        ? !knownNullFree && hasNull(object)
          ? withoutNulls(object)
          : object
        : object;
    if (this.validatorFor(source, 'check')(data)) {
      const rules = celSchemaOf(this.cache, source);
      return rules ? checkCelRules(object, rules.schema, rules.source) : [];
    }
    const explain = this.validatorFor(source, 'explain');
    explain(data);
    return mapErrors(explain.errors ?? []);
  }

  /** Compiles (or loads) the validators of a kind ahead of time; false when no schema is known for it. */
  public warm(apiVersion: string, kind: string): boolean {
    const s = this.sourceFor(apiVersion, kind);
    if (s) {
      this.validatorFor(s, 'check');
      this.validatorFor(s, 'explain');
    }
    return s !== undefined;
  }

  private sourceFor(apiVersion: string, kind: string): SchemaSource | undefined {
    let byKind = this.sources.get(apiVersion);
    if (!byKind) this.sources.set(apiVersion, (byKind = new Map()));
    if (byKind.has(kind)) return byKind.get(kind);
    const source = findSchema(apiVersion, kind, this.crds, this.cache.version, this.kinds, this.loading.diskCache);
    byKind.set(kind, source);
    return source;
  }

  private validatorFor(source: SchemaSource, mode: Mode): ValidateFunction {
    let known = this.validators.get(source);
    if (!known) this.validators.set(source, (known = {}));
    return (known[mode] ??= findValidator(this.cache, this.loading, source, mode));
  }
}

function findValidator(
  cache: SchemaCache,
  loading: ValidatorLoading,
  source: SchemaSource,
  mode: Mode,
): ValidateFunction {
  if (source.type === 'core') {
    const memo = `${mode}\u0000${source.definitionName}`;
    let v = cache.coreValidators.get(memo);
    if (!v) {
      const ref = `${CORE_ID}#/definitions/${source.definitionName}`;
      v = cachedValidator(cache, loading, mode, `core\u0000${coreKey(cache)}\u0000${ref}`, false, () =>
        ajv(cache, mode, false).compile({ $ref: ref }),
      );
      cache.coreValidators.set(memo, v);
    }
    return v;
  }
  if (source.type === 'registry-crd') {
    const memo = `${mode}\u0000${source.schemaHash}`;
    let v = cache.hashedValidators.get(memo);
    if (!v) {
      const info = source.info;
      v = cachedValidator(cache, loading, mode, `crd-text\u0000${coreKey(cache)}\u0000${source.schemaHash}`, true, () =>
        ajv(cache, mode, true).compile(convertCrdSchema(info.schema().root, objectMetaRef(CORE_ID)) as object),
      );
      cache.hashedValidators.set(memo, v);
    }
    return v;
  }
  if (source.type === 'registry' && source.loaded.dialect !== 'crd-openapi-v3') {
    // Definitions of a generated module that are not the core's: compiled in this process (not
    // cached on disk), once, in the explaining form only.
    let v = cache.schemaValidators.explain.get(source.loaded.root);
    if (v) return v;
    const a = ajv(cache, 'explain', false);
    const loaded = source.loaded;
    const defs = loaded.definitions ?? {};
    let id = cache.foreignDefinitionIds.get(defs);
    if (!id) {
      id = `registry-${++cache.foreignCount}`;
      a.addSchema(convertSwaggerDefinitions(defs, id) as object);
      cache.foreignDefinitionIds.set(defs, id);
    }
    v = loaded.definitionName
      ? a.compile({ $ref: `${id}#/definitions/${loaded.definitionName}` })
      : a.compile(convertSwaggerDefinitions({ root: loaded.root, ...defs }, `${id}-root`).definitions as object);
    cache.schemaValidators.explain.set(loaded.root, v);
    return v;
  }
  const root = source.type === 'crd' ? source.crd.schema : source.loaded.root;
  let v = cache.schemaValidators[mode].get(root);
  if (v) return v;
  const converted = convertCrdSchema(root, objectMetaRef(CORE_ID));
  // CRD schemas refer to the core ObjectMeta, so the core schema is part of the key.
  v = cachedValidator(
    cache,
    loading,
    mode,
    `crd\u0000${coreKey(cache)}\u0000${sha256(JSON.stringify(converted))}`,
    true,
    () => ajv(cache, mode, true).compile(converted as object),
  );
  cache.schemaValidators[mode].set(root, v);
  return v;
}

/**
 * The CRD schema whose `x-kubernetes-validations` rules apply to objects of `source`, or
 * undefined when it has none (core kinds: the API server checks those natively).
 */
function celSchemaOf(
  cache: SchemaCache,
  source: SchemaSource,
): { readonly schema: JsonSchema; readonly source: string } | undefined {
  if (source.type === 'core' || (source.type === 'registry' && source.loaded.dialect !== 'crd-openapi-v3'))
    return undefined;
  const key: object = source.type === 'crd' ? source.crd : source.type === 'registry-crd' ? source.info : source.loaded;
  let found = cache.celSchemas.get(key);
  if (found === undefined) {
    const schema =
      source.type === 'crd'
        ? source.crd.schema
        : source.type === 'registry-crd'
          ? source.info.schema().root
          : source.loaded.root;
    const name =
      source.type === 'crd'
        ? source.crd.source
        : source.type === 'registry-crd'
          ? `the CRD of ${source.info.kind} (${source.info.source})`
          : 'the CRD of this kind';
    found = hasCelRules(schema) ? { schema, source: name } : null;
    cache.celSchemas.set(key, found);
  }
  return found ?? undefined;
}

/** Whether `v` holds a null anywhere (checked before copying, since most objects hold none). */
function hasNull(v: unknown): boolean {
  if (v === null) return true;
  if (typeof v !== 'object') return false;
  if (Array.isArray(v)) {
    for (const x of v) if (hasNull(x)) return true;
    return false;
  }
  for (const k in v as Record<string, unknown>) if (hasNull((v as Record<string, unknown>)[k])) return true;
  return false;
}

/** Null means "unset" to the API server for built-in kinds; drop nulls before checking them. */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== null) setOwn(out, k, withoutNulls(x));
    return out;
  }
  return v;
}

/**
 * Checks `object` against its schema (a run of its own: see {@link SchemaChecker}, which a
 * validation of many objects uses); returns one finding per violation.
 */
export function checkSchema(
  object: unknown,
  crds: ReadonlyMap<string, CrdVersionSchema>,
  knownNullFree = false,
): Finding[] {
  const loading = speedups();
  const findings = new SchemaChecker(crds, SchemaCache.shared, loading).check(object, knownNullFree);
  loading.codeCache.persist();
  return findings;
}

function unknownKind(apiVersion: string, kind: string, version: KubernetesVersion): Finding {
  const gone = removedApi(apiVersion, kind);
  if (gone) {
    return {
      rule: 'schema/removed-api',
      field: 'apiVersion',
      value: apiVersion,
      message: `Kubernetes ${gone.removedIn} and later no longer serve ${kind} in apiVersion ${apiVersion}`,
      hint: `Use ${gone.replacement} instead (Kubernetes' deprecated API migration guide lists the fields that changed).`,
    };
  }
  const servedAs = [...k8sKinds(version).keys()]
    .filter((k) => k.endsWith(`/${kind}`))
    .map((k) => k.slice(0, k.length - kind.length - 1));
  const hint =
    servedAs.length > 0
      ? `Kubernetes v${version}.0 serves ${kind} as apiVersion ${servedAs.map((s) => JSON.stringify(s)).join(' or ')}; change apiVersion.`
      : `Import the CRD that defines ${kind} (berth import <crd.yaml>), or pass its folder with --crds DIR (or include the CRD among the validated objects).`;
  return {
    rule: 'schema/unknown-kind',
    field: 'apiVersion',
    value: `${apiVersion} ${kind}`,
    message: `no schema is known for kind ${kind} in apiVersion ${apiVersion}`,
    hint,
  };
}

function mapErrors(errors: readonly ErrorObject[]): Finding[] {
  const out: Finding[] = [];
  const located = new Set(errors.filter((e) => !isJunctor(e.keyword)).map((e) => e.instancePath));
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'if') continue;
    if (isJunctor(e.keyword) && [...located].some((p) => p.startsWith(e.instancePath))) continue;
    const f = mapError(e);
    const key = `${f.rule}\u0000${f.field}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

function isJunctor(keyword: string): boolean {
  return keyword === 'oneOf' || keyword === 'anyOf' || keyword === 'allOf' || keyword === 'not';
}

function mapError(e: ErrorObject): Finding {
  const field = fromJsonPointer(e.instancePath);
  const where = field || 'the object';
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = String(p.additionalProperty);
      const allowed = Object.keys(asObject(asObject(e.parentSchema).properties)).sort();
      const guess = closest(name, allowed);
      return {
        rule: 'schema/unknown-field',
        field: child(field, name),
        value: asObject(e.data)[name],
        message: `unknown field ${JSON.stringify(name)} in ${where}`,
        hint: guess
          ? `Did you mean ${JSON.stringify(guess)}?`
          : `Remove it; the fields allowed here are: ${allowed.slice(0, 20).join(', ')}${allowed.length > 20 ? ', ...' : ''}.`,
      };
    }
    case 'required': {
      const name = String(p.missingProperty);
      return {
        rule: 'schema/required',
        field: child(field, name),
        message: `${where} is missing the required field ${JSON.stringify(name)}`,
        hint: `Set ${child(field, name)}.`,
      };
    }
    case 'type': {
      const want = String(p.type)
        .split(',')
        .map((t) => (t === 'null' ? 'null' : t))
        .join(' or ');
      const intOrString = want === 'integer or string';
      const quote = (typeof e.data === 'number' || typeof e.data === 'boolean') && want === 'string';
      const fix =
        typeof e.data === 'string' && /^-?\d+$/.test(e.data) && want.startsWith('integer')
          ? `Write ${e.data} without quotes.`
          : quote
            ? `Quote it: "${e.data}".`
            : `Write a value of type ${want}.`;
      const f: Finding = {
        rule: intOrString ? 'schema/int-or-string' : 'schema/type',
        field,
        value: e.data,
        message: `${where} must be ${article(want)} ${want}, not ${describe(e.data)}`,
        hint: fix,
      };
      return quote ? { ...f, quoteValue: true } : f;
    }
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]) ?? [];
      const guess =
        typeof e.data === 'string'
          ? closest(
              e.data,
              allowed.filter((x): x is string => typeof x === 'string'),
            )
          : undefined;
      return {
        rule: 'schema/enum',
        field,
        value: e.data,
        message: `${where} must be one of ${allowed.map((x) => JSON.stringify(x)).join(', ')}`,
        hint: guess
          ? `Did you mean ${JSON.stringify(guess)}?`
          : `Use one of ${allowed.map((x) => JSON.stringify(x)).join(', ')}.`,
      };
    }
    case 'const':
      return {
        rule: 'schema/enum',
        field,
        value: e.data,
        message: `${where} must be ${JSON.stringify(p.allowedValue)}`,
        hint: `Use ${JSON.stringify(p.allowedValue)}.`,
      };
    case 'pattern':
      return {
        rule: 'schema/pattern',
        field,
        value: e.data,
        message: `${where} does not match the pattern ${p.pattern}`,
        hint: `Write a value matching /${p.pattern}/.`,
      };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const cmp = { minimum: '>=', maximum: '<=', exclusiveMinimum: '>', exclusiveMaximum: '<' }[e.keyword];
      return {
        rule: `schema/${e.keyword.startsWith('exclusiveM') ? e.keyword.replace('exclusiveM', 'm') : e.keyword}`,
        field,
        value: e.data,
        message: `${where} must be ${cmp} ${p.limit}`,
        hint: `Use a value ${cmp} ${p.limit}.`,
      };
    }
    case 'minItems':
    case 'maxItems':
    case 'minLength':
    case 'maxLength':
    case 'minProperties':
    case 'maxProperties': {
      const rule = `schema/${e.keyword.replace(/[A-Z]/, (c) => `-${c.toLowerCase()}`)}`;
      const what = e.keyword.endsWith('Items') ? 'items' : e.keyword.endsWith('Length') ? 'characters' : 'fields';
      const bound = e.keyword.startsWith('min') ? 'at least' : 'at most';
      return {
        rule,
        field,
        value: e.data,
        message: `${where} must have ${bound} ${p.limit} ${what}`,
        hint: `Give it ${bound} ${p.limit} ${what}.`,
      };
    }
    case INTEGER_RANGE_KEYWORD: {
      const int32 = e.schema === 'int32';
      return {
        rule: 'schema/integer-range',
        field,
        value: e.data,
        message: int32
          ? `${where} must be a 32-bit integer (-2147483648 to 2147483647), not ${String(e.data)}`
          : `${where} must be an integer from -9007199254740991 to 9007199254740991 (larger ones are not held exactly, nor written as plain digits), not ${String(e.data)}`,
        hint: int32
          ? 'Use a smaller number: the API server stores this field as a 32-bit integer.'
          : 'Use a smaller number, or a string if the field takes one.',
      };
    }
    case QUANTITY_KEYWORD:
      return {
        rule: 'schema/quantity',
        field,
        value: e.data,
        message: `${where} is not a valid quantity: ${JSON.stringify(e.data)}`,
        hint: quantityHint(e.data),
      };
    case 'oneOf':
    case 'anyOf':
      return {
        rule: 'schema/one-of',
        field,
        value: e.data,
        message: `${where} must match ${e.keyword === 'oneOf' ? 'exactly one' : 'at least one'} of the allowed shapes`,
        hint: 'Check the CRD schema for the alternatives allowed here.',
      };
    default:
      return {
        rule: `schema/${e.keyword}`,
        field,
        value: e.data,
        message: `${where} ${e.message ?? 'is invalid'}`,
        hint: 'Check the schema of this kind.',
      };
  }
}

function article(t: string): string {
  return /^[aeiou]/.test(t) ? 'an' : 'a';
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** Compiles the schema of a kind ahead of time (used by tests and benchmarks to warm the cache). */
export function warmSchema(apiVersion: string, kind: string): boolean {
  const loading = speedups();
  const known = new SchemaChecker(new Map(), SchemaCache.shared, loading).warm(apiVersion, kind);
  loading.codeCache.persist();
  return known;
}

export type { JsonSchema };
