import { ManifestRecord, objectId, YamlReading } from '../model/manifest';
import { checkGrammar } from './check-grammar';
import { checkUnicode } from './check-unicode';
import { checkPolicy } from './check-policy';
import { AdmissionResult, checkPodSecurityAdmission, coveredKey } from './pod-security-admission';
import { checkReferences } from './check-references';
import { speedups } from '../perf/speedups';
import { SchemaCache, SchemaChecker, ValidatorLoading } from './check-schema';
import type { KindTable } from '../core/kind-registry';
import { DEFAULT_K8S_VERSION, KubernetesVersion } from './k8s-definitions';
import { explainAcrossVersions, VersionCheck } from './version-findings';
import { deprecatedApi } from './removed-apis';
import { checkApiServerRules } from './semantic/check-api-rules';
import { crdVersionSchemas, CrdVersionSchema, isCrd } from './crd-schemas';
import { Finding, problemAt } from './finding';
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
}

/**
 * Checks rendered objects and returns every problem found (never throws for bad objects):
 * schema (OpenAPI and CRD), the API server's grammar and its own validation of built-in kinds,
 * references inside each environment, duplicates and the policy profile. Waived rules are
 * dropped here (the waivers themselves are reported by synth), except the API server's rules
 * (`api/...`): it would refuse the object whatever a waiver or setting says.
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
  for (const c of [...(options.crds ?? []), ...records.map((r) => r.object as unknown).filter(isCrd)]) {
    for (const v of crdVersionSchemas(c)) crds.set(`${v.apiVersion}/${v.kind}`, v);
  }
  const checkers = new Map<KubernetesVersion, SchemaChecker>();
  const checkerOf = (v: KubernetesVersion): SchemaChecker => {
    let c = checkers.get(v);
    if (!c) checkers.set(v, (c = new SchemaChecker(crds, SchemaCache.of(v), loading, run.kinds)));
    return c;
  };
  const versionCheck: VersionCheck = (v, object) => findingsSafely(() => checkerOf(v).check(object));
  const defaultVersion = options.kubernetesVersion ?? DEFAULT_K8S_VERSION;
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
    const version = options.kubernetesVersions?.get(r.environment) ?? defaultVersion;
    const found = findingsSafely(() => checkerOf(version).check(r.object, r.nullFree === true));
    const schema = explainAcrossVersions(r.object, found, version, versionCheck);
    const grammar = findingsSafely(() => checkGrammar(r.object));
    // A CRD's own rule and Berth's check of the same field say the same: keep Berth's message.
    const checked = grammar.length > 0 ? new Set(grammar.map((f) => f.field)) : undefined;
    for (const f of schema)
      if (!checked || f.rule !== 'schema/crd-rule' || !checked.has(f.field)) problems.push(problemAt(r, f));
    for (const f of grammar) problems.push(problemAt(r, f));
    const { apiVersion, kind } = r.object;
    const deprecated =
      typeof apiVersion === 'string' && typeof kind === 'string' ? deprecatedApi(apiVersion, kind, version) : undefined;
    if (deprecated) {
      problems.push(
        problemAt(r, {
          severity: 'warning',
          rule: 'schema/deprecated-api',
          field: 'kind',
          value: kind,
          message: `Kubernetes ${deprecated.deprecatedIn} deprecated ${kind as string} in apiVersion ${apiVersion as string}`,
          hint: `Use ${deprecated.replacement} instead: a later release may stop serving it.`,
        }),
      );
    }
    // Text no YAML reader of the output accepts, wherever it is (escape hatches included): like
    // what the API server refuses, no waiver or setting lowers it.
    for (const f of findingsSafely(() => checkUnicode(r.object))) refused.push(problemAt(r, f));
    for (const f of findingsSafely(() => checkApiServerRules(r.object))) refused.push(problemAt(r, f));
    if (r.readAs) problems.push(...readingWarnings(r, r.readAs, new Set([...schema, ...grammar].map((f) => f.field))));
  }
  // The validators loaded above have run: their code caches now hold what this run compiled.
  loading.codeCache.persist();
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

const INTERNAL_ERROR = {
  rule: 'validate/internal-error',
  hint: 'This is a bug in Berth; please report it with the object that triggered it.',
};

function crashMessage(e: unknown): string {
  return `a validation check failed: ${String((e as Error)?.message ?? e).split('\n')[0]}`;
}

/** Runs a per-object check; a crash becomes a finding on that object instead of an exception. */
function findingsSafely(f: () => Finding[]): Finding[] {
  try {
    return f();
  } catch (e) {
    return [{ ...INTERNAL_ERROR, message: crashMessage(e) }];
  }
}

/** Runs a cross-object check; a crash becomes a problem instead of an exception. */
function safely(f: () => Problem[]): Problem[] {
  try {
    return f();
  } catch (e) {
    return [{ ...INTERNAL_ERROR, severity: 'error', message: crashMessage(e) }];
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
