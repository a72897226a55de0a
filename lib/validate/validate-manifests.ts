import { ManifestRecord, objectId, YamlReading } from '../model/manifest';
import { checkPolicy } from './check-policy';
import { AdmissionResult, checkPodSecurityAdmission, coveredKey } from './pod-security-admission';
import { checkReferences } from './check-references';
import { speedups } from '../perf/speedups';
import { SchemaCache, SchemaChecker, ValidatorLoading } from './check-schema';
import type { KindTable } from '../core/kind-registry';
import { DEFAULT_K8S_VERSION, KubernetesVersion } from './k8s-definitions';
import { crdVersionSchemas, CrdVersionSchema, isCrd } from './crd-schemas';
import { problemAt } from './finding';
import { checkObject, crashFinding } from './object-checks';
import { ValidationCache, validationCacheDir, ValidationCacheSetting } from './validation-cache';
import { ObjectIndex } from './object-index';
import { PolicyProfile } from '../model/policy-profiles';
import { Problem, Severity } from '../model/problem';
import { isRecord } from '../model/is-record';

export { PolicyProfile } from '../model/policy-profiles';

/** Options of {@link validateManifests}. */
export interface ValidateOptions {
  /** The policy profile. @default 'restricted' */
  readonly policy?: PolicyProfile;
  /** Per-rule severity overrides from the project's configuration (`off` disables a rule). */
  readonly severities?: Readonly<Record<string, Severity | 'off'>>;
  /**
   * CustomResourceDefinition objects whose schemas validate custom resources (in addition to
   * the kinds registered by generated modules and CRDs among the validated objects).
   * @default []
   */
  readonly crds?: readonly unknown[];
  /**
   * Objects that exist outside the validated set, so references to them are fine:
   * `Kind/name` (any namespace) or `Kind/namespace/name`, e.g. `Secret/db-credentials`.
   * Consumers can also declare them with annotations (`berth.dev/external-secrets: a,b`).
   * @default []
   */
  readonly external?: readonly string[];
  /**
   * The input is not a whole environment (a chart render, one manifest): a reference to an
   * object it does not hold (a Service's pods, a binding's Role, an autoscaler's target) is a
   * warning rather than an error. Synth and Berth's own output are always checked whole.
   * @default false
   */
  readonly partial?: boolean;
  /**
   * The Kubernetes version built-in kinds are checked against, for objects of environments
   * `kubernetesVersions` does not name (and objects read from files). @default '1.33'
   */
  readonly kubernetesVersion?: KubernetesVersion;
  /** The Kubernetes version of each environment, by name. @default - every one at `kubernetesVersion` */
  readonly kubernetesVersions?: ReadonlyMap<string, KubernetesVersion>;
}

/** What a synth gives {@link validateManifests} besides the options: for the orchestrator, not programs. */
export interface ValidationRun {
  /** How compiled validators are cached. @default - everything on (`speedups()` of lib/perf) */
  readonly speedups?: ValidatorLoading;
  /**
   * The kinds of the objects rendered (`SynthContext.kinds`): their schemas, besides the kinds
   * Berth ships and those of `options.crds`. @default - none
   */
  readonly kinds?: KindTable;
  /**
   * Where the per-object results are cached: a folder, `false` for nowhere. @default - the
   * project's `node_modules/.cache/berth/validation/` (none with `BERTH_NO_VALIDATION_CACHE`)
   */
  readonly validationCache?: ValidationCacheSetting;
}

/**
 * Checks rendered objects and returns every problem found (never throws for bad objects):
 * schema (OpenAPI and CRD), the API server's grammar and its own validation of built-in kinds,
 * references inside each environment, duplicates and the policy profile. Waived rules are
 * dropped here (the waivers themselves are reported by synth), except the API server's rules
 * (`api/...`): it would refuse the object whatever a waiver or setting says.
 * `cacheSetting`: where the per-object checks' results are kept across runs (see
 * `validation-cache.ts`); by default the project's cache folder unless `BERTH_NO_VALIDATION_CACHE`
 * is set. The cross-object checks (references, duplicates, policy) run every time.
 */
export function validateManifests(
  records: readonly ManifestRecord[],
  options: ValidateOptions = {},
  run: ValidationRun = {},
): Problem[] {
  const loading = run.speedups ?? speedups();
  const problems: Problem[] = [];
  // What the API server itself would refuse: errors that no setting or waiver lowers.
  const refused: Problem[] = [];
  const crds = new Map<string, CrdVersionSchema>();
  const crdObjects = [...(options.crds ?? []), ...records.map((r) => r.object as unknown).filter(isCrd)];
  for (const c of crdObjects) {
    for (const v of crdVersionSchemas(c)) crds.set(`${v.apiVersion}/${v.kind}`, v);
  }
  const checkers = new Map<KubernetesVersion, SchemaChecker>();
  const checkerOf = (v: KubernetesVersion): SchemaChecker => {
    let c = checkers.get(v);
    if (!c) checkers.set(v, (c = new SchemaChecker(crds, SchemaCache.of(v), loading, run.kinds)));
    return c;
  };
  const defaultVersion = options.kubernetesVersion ?? DEFAULT_K8S_VERSION;
  const versionOf = (r: ManifestRecord): KubernetesVersion =>
    options.kubernetesVersions?.get(r.environment) ?? defaultVersion;
  const cache = ValidationCache.open(
    validationCacheDir(run.validationCache, loading.diskCache),
    records,
    crdObjects,
    versionOf,
    loading.diskCache,
  );
  for (const r of records) {
    if (!isRecord(r.object)) {
      problems.push(
        problemAt(r, {
          rule: 'schema/type',
          message: 'the document is not an object',
          hint: 'Each YAML document must be a Kubernetes object (a mapping with apiVersion, kind and metadata).',
          value: r.object,
        }),
      );
      continue;
    }
    const version = versionOf(r);
    // The findings are placed here, on every run, cached or not: the record's waivers and the
    // project's severities apply to them afresh.
    const key = cache?.keyOf(r, version);
    let found = key === undefined ? undefined : cache!.get(key);
    if (!found) {
      found = checkObject(r.object, version, r.nullFree === true, checkerOf);
      if (key !== undefined) cache!.set(key, found);
    }
    for (const f of found.problems) problems.push(problemAt(r, f));
    for (const f of found.refused) refused.push(problemAt(r, f));
    if (r.readAs) problems.push(...readingWarnings(r, r.readAs, new Set(found.flagged)));
  }
  // The validators loaded above have run: their code caches now hold what this run compiled.
  loading.codeCache.persist();
  cache?.save();
  for (const group of byEnvironment(records)) {
    // One index of the environment serves the cross-object checks.
    const index = new ObjectIndex(group);
    problems.push(...duplicates(group, index));
    problems.push(...safely(() => checkReferences(group, options.external ?? [], index, options.partial)));
    // What the namespaces' Pod Security admission refuses, whatever the profile or a waiver says;
    // the policy finding it reports instead is not repeated.
    let admission: AdmissionResult = { refused: [], warnings: [], covered: new Set() };
    refused.push(...safely(() => (admission = checkPodSecurityAdmission(index)).refused));
    problems.push(...admission.warnings);
    const policy = safely(() =>
      checkPolicy(group, options.policy ?? 'restricted', index, {
        partial: options.partial,
        external: options.external,
      }),
    );
    problems.push(
      ...(admission.covered.size === 0 ? policy : policy.filter((p) => !admission.covered.has(coveredKey(p)))),
    );
  }
  const kept = applySeverities(problems, options);
  return refused.length === 0 ? kept : [...kept, ...refused];
}

/**
 * Keys of an object read from YAML that YAML 1.1 readers (kubectl, Helm) read as another key
 * than the text shows (`on:` as "true", `n:` as "false"): the object applied has that key.
 * Values tagged `!!binary` that no other check flagged: kubectl applies their decoded text
 * (`!!binary cGFzc3dvcmQ=` is "password", itself valid base64 of other bytes).
 */
function readingWarnings(
  r: ManifestRecord,
  readAs: ReadonlyMap<string, YamlReading>,
  flagged: ReadonlySet<string | undefined>,
): Problem[] {
  const out: Problem[] = [];
  for (const [field, reading] of readAs) {
    if (reading.binary && !flagged.has(field)) {
      out.push(
        problemAt(r, {
          severity: 'warning',
          rule: 'validate/yaml-binary',
          field,
          message: 'a value tagged !!binary',
          hint: reading.binary.hint,
        }),
      );
    }
    if (reading.keySource === undefined) continue;
    out.push(
      problemAt(r, {
        severity: 'warning',
        rule: 'validate/yaml-key',
        field,
        value: reading.keySource,
        message: 'a key that is not read as written',
        hint: `Quote the key (${JSON.stringify(reading.keySource)}: ...) so that every YAML reader reads the same key.`,
      }),
    );
  }
  return out;
}

/** Runs a cross-object check; a crash becomes a problem instead of an exception. */
function safely(f: () => Problem[]): Problem[] {
  try {
    return f();
  } catch (e) {
    const { rule, hint, message } = crashFinding(e);
    return [{ rule, hint, severity: 'error', message }];
  }
}

function byEnvironment(records: readonly ManifestRecord[]): ManifestRecord[][] {
  const groups = new Map<string, ManifestRecord[]>();
  for (const r of records) {
    if (!isRecord(r.object)) continue;
    const g = groups.get(r.environment) ?? [];
    g.push(r);
    groups.set(r.environment, g);
  }
  return [...groups.values()];
}

/** Objects of one environment with the same API group, kind, namespace and name: the API server keeps one. */
function duplicates(records: readonly ManifestRecord[], index: ObjectIndex): Problem[] {
  const problems: Problem[] = [];
  for (const r of records) {
    const first = index.duplicated(r);
    if (first) {
      problems.push(
        problemAt(r, {
          rule: 'reference/duplicate-object',
          message: `two objects are named ${objectId(r.object)}; the first is ${first.constructPath || first.file || 'earlier in the input'}`,
          hint: 'Give one of them another name (metadata.name) or another construct id.',
          field: 'metadata.name',
          value: r.object.metadata?.name,
        }),
      );
    }
  }
  return problems;
}

/** Drops waived problems and those of rules turned off, and sets the severities the project overrides. */
export function applySeverities(problems: Problem[], options: ValidateOptions): Problem[] {
  if (problems.length === 0) return problems;
  const out: Problem[] = [];
  for (const p of problems) {
    // Every problem about an object is placed on its record (problemAt), which gives it its waiver.
    if (p.waiver) continue;
    const override = options.severities?.[p.rule];
    if (override === 'off') continue;
    out.push(override ? { ...p, severity: override } : p);
  }
  return out;
}
