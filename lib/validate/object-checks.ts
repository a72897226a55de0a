import { checkGrammar } from './check-grammar';
import { checkUnicode } from './check-unicode';
import { SchemaChecker } from './check-schema';
import { KubernetesVersion } from './k8s-definitions';
import { explainAcrossVersions, VersionCheck } from './version-findings';
import { deprecatedApi } from './removed-apis';
import { checkApiServerRules } from './semantic/check-api-rules';
import { Finding } from './finding';
import { KubeObject } from '../model/manifest';

/**
 * What the checks of one object found, before the findings are placed on its record (where the
 * record's waivers and the project's severities apply): a pure function of the object, the
 * Kubernetes version, the schema of its kind and Berth's code, so it can be cached across runs
 * (`validation-cache.ts`). Nothing here looks at another object.
 */
export interface ObjectFindings {
  /** Schema, grammar and deprecation findings: waivers and the project's severities apply to them. */
  readonly problems: readonly Finding[];
  /** What the API server or a YAML reader would refuse: no waiver or setting lowers it. */
  readonly refused: readonly Finding[];
  /** The fields schema and grammar findings name (a reading warning is not repeated for them). */
  readonly flagged: readonly string[];
}

/** The schema checker of each Kubernetes version in one validation run. */
export type CheckerOf = (version: KubernetesVersion) => SchemaChecker;

/** Schema (OpenAPI, CRD), grammar, deprecated APIs, text and the API server's rules of one object. */
export function checkObject(
  object: KubeObject,
  version: KubernetesVersion,
  nullFree: boolean,
  checkerOf: CheckerOf,
): ObjectFindings {
  const versionCheck: VersionCheck = (v, o) => findingsSafely(() => checkerOf(v).check(o));
  const found = findingsSafely(() => checkerOf(version).check(object, nullFree));
  const schema = explainAcrossVersions(object, found, version, versionCheck);
  const grammar = findingsSafely(() => checkGrammar(object));
  const problems: Finding[] = [];
  // A CRD's own rule and Berth's check of the same field say the same: keep Berth's message.
  const checked = grammar.length > 0 ? new Set(grammar.map((f) => f.field)) : undefined;
  for (const f of schema) if (!checked || f.rule !== 'schema/crd-rule' || !checked.has(f.field)) problems.push(f);
  problems.push(...grammar);
  const { apiVersion, kind } = object;
  const deprecated =
    typeof apiVersion === 'string' && typeof kind === 'string' ? deprecatedApi(apiVersion, kind, version) : undefined;
  if (deprecated) {
    problems.push({
      severity: 'warning',
      rule: 'schema/deprecated-api',
      field: 'kind',
      value: kind,
      message: `Kubernetes ${deprecated.deprecatedIn} deprecated ${kind} in apiVersion ${apiVersion}`,
      hint: `Use ${deprecated.replacement} instead: a later release may stop serving it.`,
    });
  }
  // Text no YAML reader of the output accepts, wherever it is (escape hatches included): like
  // what the API server refuses, no waiver or setting lowers it.
  const refused = [...findingsSafely(() => checkUnicode(object)), ...findingsSafely(() => checkApiServerRules(object))];
  const flagged: string[] = [];
  for (const f of [...schema, ...grammar]) if (f.field !== undefined) flagged.push(f.field);
  return { problems, refused, flagged };
}

/** The rule of a check that crashed: a bug in Berth, not a property of the object (never cached). */
export const INTERNAL_ERROR_RULE = 'validate/internal-error';

const INTERNAL_ERROR_HINT = 'This is a bug in Berth; please report it with the object that triggered it.';

/** The finding of a check that threw `e`. */
export function crashFinding(e: unknown): Finding {
  return {
    rule: INTERNAL_ERROR_RULE,
    hint: INTERNAL_ERROR_HINT,
    message: `a validation check failed: ${String((e as Error)?.message ?? e).split('\n')[0]}`,
  };
}

/** Runs a per-object check; a crash becomes a finding on that object instead of an exception. */
function findingsSafely(f: () => Finding[]): Finding[] {
  try {
    return f();
  } catch (e) {
    return [crashFinding(e)];
  }
}
