/**
 * The per-object validation cache: what {@link checkObject} found in an object, kept on disk
 * (`node_modules/.cache/berth/validation/`) by a hash of everything it depends on, so that a
 * re-synth loads and runs the schema validators only for objects that changed.
 *
 * What pays: the cost of checking an object is mostly loading its kind's compiled validator
 * (the first object of a kind in a process: 1 to 400 ms), then 10 to 50 µs per object, about
 * what serializing and hashing the object costs. So objects of a kind the run holds few of
 * (at most {@link CACHED_KIND_MAX_OBJECTS}) and CustomResourceDefinitions (large, slow to check)
 * are cached: when all of a kind's objects are found, its validator is never loaded. Objects of
 * a kind the run holds many of are checked every time; caching them would only add the hash.
 *
 * The cached findings are those before placement: waivers, severities and the policy profile
 * apply to them on every run, as to findings just computed (`validate-manifests.ts`).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { DiskCache } from '../perf/interfaces';
import { findPackageRoot } from '../import/package-root';
import { findKind } from '../core/kind-registry';
import { K8S_VERSIONS, k8sKinds, KubernetesVersion } from './k8s-definitions';
import { crdVersionSchemas, isCrd } from './crd-schemas';
import { Finding } from './finding';
import { INTERNAL_ERROR_RULE, ObjectFindings } from './object-checks';
import { ManifestRecord } from '../model/manifest';
import { isRecord } from '../model/is-record';

/** Where validation keeps its results: a folder, `false` for nowhere, undefined for the default. */
export type ValidationCacheSetting = string | false | undefined;

/** Objects of a kind (and Kubernetes version) a run holds more of than this are checked, not cached. */
export const CACHED_KIND_MAX_OBJECTS = 200;

/**
 * The folder of the cache: `setting` when given, else `node_modules/.cache/berth/validation` of
 * the project (the working folder) in `disk`, unless `BERTH_NO_VALIDATION_CACHE` is set.
 */
export function validationCacheDir(setting: ValidationCacheSetting, disk: DiskCache): string | undefined {
  if (setting !== undefined) return setting === false ? undefined : setting;
  return process.env.BERTH_NO_VALIDATION_CACHE ? undefined : disk.dir('validation');
}

/** The first line of a cache file: the format, then the SHA-1 of the rest (a damaged file is not read). */
const HEADER = 'berth-validation-cache 1';

/** The entries of one cache file, loaded once per process. */
interface Store {
  readonly file: string;
  /** By key: 0 (nothing found) or [problems, refused, flagged], as read or computed. */
  readonly entries: Map<string, unknown>;
  /** The keys this process used: entries are kept by use. */
  readonly used: Set<string>;
  dirty: boolean;
  /** The file's modification time and size as last read or written: another writer changes them. */
  stamp: string;
}

const stores = new Map<string, Store>();

/** The results of the validation runs of one process in a cache folder. */
export class ValidationCache {
  /**
   * The cache of one run over `records` (`crds`: the CRD objects whose schemas it uses), or
   * undefined when `dir` is.
   */
  public static open(
    dir: string | undefined,
    records: readonly ManifestRecord[],
    crds: readonly unknown[],
    versionOf: (r: ManifestRecord) => KubernetesVersion,
    disk: DiskCache,
  ): ValidationCache | undefined {
    return dir === undefined ? undefined : new ValidationCache(dir, records, crds, versionOf, disk);
  }

  /** The hash of each CRD object's JSON text, computed once: it keys both its kinds' schemas and itself. */
  private readonly crdObjectHashes = new Map<unknown, string>();
  /** The hash of the CRD that defines each `apiVersion/kind` (the last one, as in the schema lookup). */
  private readonly crdHashes = new Map<string, string>();
  /** What a kind's schema is, by `apiVersion/kind`: undefined for a schema no key can name. */
  private readonly sources = new Map<string, string | undefined>();
  /** The records worth caching: CRDs, and objects of kinds (with their Kubernetes version) the run has few of. */
  private readonly worth = new Set<ManifestRecord>();

  /** The file's entries, read when the first object worth caching is met (a run may have none). */
  private opened: Store | undefined;
  private crdsHashed = false;
  /** The CRDs of the run a program rendered: plain data (see {@link ValidationCache.keyOf}). */
  private readonly rendered = new Set<unknown>();

  private constructor(
    private readonly dir: string,
    records: readonly ManifestRecord[],
    private readonly crds: readonly unknown[],
    versionOf: (r: ManifestRecord) => KubernetesVersion,
    private readonly disk: DiskCache,
  ) {
    // One pass to count each kind's objects, one to pick those of kinds with few; nested maps
    // rather than a key string per object, since at 30,000 objects the strings alone cost more
    // (in garbage collection) than the rest of the cache.
    const groups: ({ n: number } | undefined)[] = new Array<{ n: number } | undefined>(records.length);
    const byVersion = new Map<string, Map<string, Map<string, { n: number }>>>();
    records.forEach((r, i) => {
      const o = r.object as unknown;
      // An object without a string apiVersion or kind is a schema error found without a validator.
      if (!isRecord(o) || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') return;
      const version = versionOf(r);
      let apiVersions = byVersion.get(version);
      if (!apiVersions) byVersion.set(version, (apiVersions = new Map()));
      let kinds = apiVersions.get(o.apiVersion);
      if (!kinds) apiVersions.set(o.apiVersion, (kinds = new Map()));
      let group = kinds.get(o.kind);
      if (!group) kinds.set(o.kind, (group = { n: 0 }));
      group.n++;
      groups[i] = group;
      if (r.constructPath !== '' && isCrd(o)) this.rendered.add(o);
    });
    records.forEach((r, i) => {
      const group = groups[i];
      if (group && (group.n <= CACHED_KIND_MAX_OBJECTS || isCrd(r.object))) this.worth.add(r);
    });
  }

  private get store(): Store {
    return (this.opened ??= storeOf(this.dir, this.disk));
  }

  /** Hashes the CRDs of the run, once: only a run that caches something needs them. */
  private hashCrds(): void {
    if (this.crdsHashed) return;
    this.crdsHashed = true;
    for (const c of this.crds) {
      const text = this.rendered.has(c) ? jsonText(c) : plainJsonText(c);
      // A CRD whose text does not name it: the kinds it defines are not cached ('' below).
      const hash = text === undefined ? '' : sha1(text);
      if (hash) this.crdObjectHashes.set(c, hash);
      for (const v of crdVersionSchemas(c)) this.crdHashes.set(`${v.apiVersion}/${v.kind}`, hash);
    }
  }

  /** The key of the record's findings, or undefined when they are not worth caching (or cannot be). */
  public keyOf(r: ManifestRecord, version: KubernetesVersion): string | undefined {
    if (!this.worth.has(r)) return undefined;
    const { apiVersion, kind } = r.object;
    const crd = isCrd(r.object);
    this.hashCrds();
    const source = this.sourceOf(apiVersion, kind, version);
    if (source === undefined) return undefined;
    const nullFree = r.nullFree === true ? '1' : '0';
    const prefix = `${version}\u0000${nullFree}\u0000${source}\u0000`;
    const crdHash = crd ? this.crdObjectHashes.get(r.object) : undefined;
    if (crdHash !== undefined) return sha1(`${prefix}crd\u0000${crdHash}`);
    // A rendered object is plain data (resolve refuses NaN, functions and class instances, and
    // writes a missing list item as null): its JSON text names it. Any other object (read from a
    // file, built by Berth or a caller) is checked for what JSON would write as something else.
    const text = r.constructPath !== '' ? jsonText(r.object) : plainJsonText(r.object);
    return text === undefined ? undefined : sha1(`${prefix}${text}`);
  }

  /** The findings stored under `key`, or undefined when there are none or the entry is damaged. */
  public get(key: string): ObjectFindings | undefined {
    const found = decode(this.store.entries.get(key));
    if (found) this.store.used.add(key);
    return found;
  }

  /** Stores what the checks found; not a crash of a check (a bug, not a property of the object). */
  public set(key: string, found: ObjectFindings): void {
    const all = [...found.problems, ...found.refused];
    if (all.some((f) => f.rule === INTERNAL_ERROR_RULE) || !jsonSafe(all)) return;
    const entry = all.length === 0 && found.flagged.length === 0 ? 0 : [found.problems, found.refused, found.flagged];
    this.store.entries.set(key, entry);
    this.store.used.add(key);
    this.store.dirty = true;
  }

  /**
   * Writes the entries when this run added any. Entries no run of this process used are
   * dropped once they outnumber the used ones, so that edits do not grow the file forever.
   */
  public save(): void {
    const store = this.opened;
    if (!store?.dirty) return;
    store.dirty = false;
    const keepAll = store.entries.size <= 2 * store.used.size + 1000;
    const kept: Record<string, unknown> = {};
    for (const [k, v] of store.entries) if (keepAll || store.used.has(k)) kept[k] = v;
    const body = JSON.stringify(kept);
    this.disk.write(store.file, `${HEADER} ${sha1(body)}\n${body}`);
    store.stamp = stampOf(store.file);
  }

  /**
   * What the schema of a kind is, as far as it is not Berth's own data (the code fingerprint
   * covers that): the CRD in the run that defines it, a generated kind's schema hash or
   * definition; `-` for the definitions and CRDs Berth ships.
   */
  private sourceOf(apiVersion: string, kind: string, version: KubernetesVersion): string | undefined {
    const key = `${apiVersion}/${kind}`;
    if (this.sources.has(key)) return this.sources.get(key);
    let source: string | undefined = '-';
    const crd = this.crdHashes.get(key);
    const registered = crd === undefined ? findKind(apiVersion, kind) : undefined;
    if (crd !== undefined) source = crd ? `crd:${crd}` : undefined;
    else if (registered?.schemaHash) source = `hash:${registered.schemaHash}`;
    else if (registered) {
      // A generated kind is checked against the shipped definition of the same name; a kind
      // generated from other definitions is checked against its own schema, which has no hash.
      const name = registered.definitionName;
      const shipped =
        name !== undefined &&
        (k8sKinds(version).get(key) === name || K8S_VERSIONS.some((v) => k8sKinds(v).get(key) === name));
      source = shipped ? `definition:${name}` : undefined;
    }
    this.sources.set(key, source);
    return source;
  }
}

function jsonText(o: unknown): string | undefined {
  try {
    return JSON.stringify(o);
  } catch {
    return undefined; // a BigInt, a cycle: not data a key can name
  }
}

/**
 * The JSON text of `o` when it is plain data that JSON writes as it is: no NaN or Infinity
 * (written as null), no undefined, function or symbol (dropped), no object other than a plain
 * one or a list (a Date, a Map); else undefined.
 */
function plainJsonText(o: unknown): string | undefined {
  let plain = true;
  let text: string | undefined;
  try {
    text = JSON.stringify(o, function (this: Record<string, unknown>, key: string, value: unknown) {
      const v = this[key]; // as held, before a toJSON (a Date's) made it a string
      if (
        v === undefined ||
        typeof v === 'function' ||
        typeof v === 'symbol' ||
        (typeof v === 'number' && !Number.isFinite(v)) ||
        (typeof v === 'object' && v !== null && !Array.isArray(v) && !isPlainObject(v))
      )
        plain = false;
      return value;
    });
  } catch {
    return undefined; // a BigInt, a cycle
  }
  return plain ? text : undefined;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('base64url');
}

/** The entries of the cache file in `dir`, read again when another process (or a test) changed it. */
function storeOf(dir: string, disk: DiskCache): Store {
  const file = path.join(dir, `${codeFingerprint()}.json`);
  let store = stores.get(file);
  if (!store || store.stamp !== stampOf(file)) {
    const entries = readEntries(file, disk);
    // Stamped after reading: reading marks the entry used (its modification time).
    store = { file, entries, used: store?.used ?? new Set(), dirty: false, stamp: stampOf(file) };
    stores.set(file, store);
  }
  return store;
}

function stampOf(file: string): string {
  try {
    const s = fs.statSync(file);
    return `${s.mtimeMs}:${s.size}`;
  } catch {
    return '';
  }
}

/** The entries of a cache file; none when it is missing, damaged or of another format. */
function readEntries(file: string, disk: DiskCache): Map<string, unknown> {
  const text = disk.readText(file);
  if (text === undefined) return new Map();
  const eol = text.indexOf('\n');
  const body = text.slice(eol + 1);
  if (eol < 0 || text.slice(0, eol) !== `${HEADER} ${sha1(body)}`) return new Map();
  try {
    const parsed = JSON.parse(body) as unknown;
    return isRecord(parsed) ? new Map(Object.entries(parsed)) : new Map();
  } catch {
    return new Map();
  }
}

const EMPTY: ObjectFindings = { problems: [], refused: [], flagged: [] };

/** An entry as read from the file, checked: anything else than what {@link ValidationCache.set} writes is a miss. */
function decode(entry: unknown): ObjectFindings | undefined {
  if (entry === 0) return EMPTY;
  if (!Array.isArray(entry) || entry.length !== 3) return undefined;
  const [problems, refused, flagged] = entry as unknown[];
  if (!isFindings(problems) || !isFindings(refused)) return undefined;
  if (!Array.isArray(flagged) || !flagged.every((f) => typeof f === 'string')) return undefined;
  return { problems, refused, flagged: flagged as string[] };
}

const FINDING_KEYS = new Set(['rule', 'message', 'hint', 'field', 'value', 'severity', 'quoteValue', 'absent']);

function isFindings(v: unknown): v is Finding[] {
  return (
    Array.isArray(v) &&
    v.every(
      (f) =>
        isRecord(f) &&
        typeof f.rule === 'string' &&
        typeof f.message === 'string' &&
        typeof f.hint === 'string' &&
        (f.field === undefined || typeof f.field === 'string') &&
        (f.severity === undefined || f.severity === 'error' || f.severity === 'warning') &&
        (f.quoteValue === undefined || typeof f.quoteValue === 'boolean') &&
        (f.absent === undefined || typeof f.absent === 'boolean') &&
        Object.keys(f).every((k) => FINDING_KEYS.has(k)),
    )
  );
}

/** Whether findings come back from JSON as they are (no NaN, no undefined in a list, no class). */
function jsonSafe(findings: readonly Finding[]): boolean {
  let safe = true;
  JSON.stringify(findings, function (this: unknown, _key, value: unknown) {
    if (
      (typeof value === 'number' && !Number.isFinite(value)) ||
      (value === undefined && Array.isArray(this)) ||
      typeof value === 'bigint' ||
      typeof value === 'function' ||
      typeof value === 'symbol' ||
      (typeof value === 'object' && value !== null && !Array.isArray(value) && !isRecord(value))
    )
      safe = false;
    return typeof value === 'bigint' ? null : value;
  });
  return safe;
}

let fingerprint: string | undefined;

/** The folders of `lib/` whose code the per-object checks run (generated kinds are keyed by their schema). */
const CODE_FOLDERS = ['validate', 'validate/semantic', 'model', 'core', 'yaml', 'io'];

/**
 * What the checks' results depend on besides the object and its kind's schema: Berth's code and
 * the data it ships (each file's path, size and modification time, which a build or an install
 * of another version changes; about 130 files, a few milliseconds), and the Node version (its
 * regular expressions and number formatting). A change to any makes a new cache file; the old
 * one is removed once unused for 30 days.
 */
export function codeFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const h = createHash('sha1').update(`${process.version}\u0000`);
  const lib = path.resolve(__dirname, '..');
  const root = findPackageRoot(__dirname);
  const files: string[] = [];
  const list = (dir: string, recursive: boolean): void => {
    try {
      for (const n of fs.readdirSync(dir, { recursive }) as string[]) files.push(path.join(dir, n));
    } catch {
      // A folder this layout does not have.
    }
  };
  for (const f of CODE_FOLDERS) list(path.join(lib, f), false);
  if (root) {
    list(path.join(root, 'schemas'), true);
    files.push(path.join(root, 'package.json'));
  }
  for (const file of files.sort()) {
    if (file.endsWith('.d.ts') || file.endsWith('.map')) continue;
    try {
      const s = fs.statSync(file);
      if (s.isFile()) h.update(`${file}\u0000${s.size}\u0000${s.mtimeMs}\u0000`);
    } catch {
      // Removed meanwhile: not part of the code that runs.
    }
  }
  return (fingerprint = h.digest('hex'));
}
