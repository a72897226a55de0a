import { Problem } from '../model/problem';
import { asObject, problemAt } from './finding';
import { ObjectIndex, TemplateAt } from './object-index';
import { checkPodSecurity } from './policy-pod-security';

/**
 * Pod Security admission, as the cluster applies it: the `pod-security.kubernetes.io/<mode>`
 * labels of a Namespace among the objects validated decide what the API server does with the
 * pods of that namespace. A pod that breaks the `enforce` level is refused: an error no policy
 * profile, setting or waiver lowers (a waiver changes Berth's report, not what the API server
 * admits). One that breaks only the `warn` or `audit` level is admitted with a warning. A pod in
 * a namespace the objects do not hold is not checked here (its levels are the cluster's).
 */

/** A Pod Security Standard level. */
export type PodSecurityStandard = 'privileged' | 'baseline' | 'restricted';

const STRICTNESS: Readonly<Record<PodSecurityStandard, number>> = { privileged: 0, baseline: 1, restricted: 2 };

/** The rule of a pod the namespace's Pod Security admission refuses (or warns about). */
export const POD_SECURITY_RULE = 'api/pod-security';

/** The admission levels of a namespace, from its labels; a mode without a label is privileged. */
export interface NamespaceLevels {
  readonly enforce: PodSecurityStandard;
  readonly warn: PodSecurityStandard;
  readonly audit: PodSecurityStandard;
}

function levelOf(labels: Record<string, unknown>, mode: keyof NamespaceLevels): PodSecurityStandard {
  const v = labels[`pod-security.kubernetes.io/${mode}`];
  return v === 'baseline' || v === 'restricted' ? v : 'privileged';
}

/** The levels of each Namespace among `index`'s objects, by name. */
export function namespaceLevels(index: ObjectIndex): Map<string, NamespaceLevels> {
  const out = new Map<string, NamespaceLevels>();
  for (const r of index.ofKind('Namespace')) {
    const metadata = asObject(asObject(r.object).metadata);
    if (typeof metadata.name !== 'string') continue;
    const labels = asObject(metadata.labels);
    out.set(metadata.name, {
      enforce: levelOf(labels, 'enforce'),
      warn: levelOf(labels, 'warn'),
      audit: levelOf(labels, 'audit'),
    });
  }
  return out;
}

/** The Pod Security Standard a template's namespace enforces, when the objects hold its Namespace. */
export function enforcedLevel(
  levels: ReadonlyMap<string, NamespaceLevels>,
  t: TemplateAt,
): PodSecurityStandard | undefined {
  return levels.get(t.namespace)?.enforce;
}

/** What admission says about the pods of one environment. */
export interface AdmissionResult {
  /** Pods the API server refuses: errors no waiver lowers. */
  readonly refused: Problem[];
  /** Pods admitted with a warning (the `warn` and `audit` levels). */
  readonly warnings: Problem[];
  /** `object\0field\0rule` of each policy finding that admission reports instead. */
  readonly covered: ReadonlySet<string>;
}

/** Checks every pod template of one environment against its namespace's admission levels. */
export function checkPodSecurityAdmission(index: ObjectIndex): AdmissionResult {
  const levels = namespaceLevels(index);
  const refused: Problem[] = [];
  const warnings: Problem[] = [];
  const covered = new Set<string>();
  if (levels.size === 0) return { refused, warnings, covered };
  for (const t of index.templates) {
    const ns = levels.get(t.namespace);
    if (!ns) continue;
    const enforce = ns.enforce;
    if (enforce !== 'privileged') {
      const findings = checkPodSecurity(t.template, enforce);
      if (findings.length > 0) {
        // The level the pod would be admitted at, for the other way to fix it.
        const passes: 'baseline' | 'privileged' =
          enforce === 'restricted' && checkPodSecurity(t.template, 'baseline').length === 0 ? 'baseline' : 'privileged';
        for (const f of findings) {
          const p = problemAt(t.record, {
            ...f,
            severity: 'error',
            rule: POD_SECURITY_RULE,
            message: `the namespace ${JSON.stringify(t.namespace)} enforces the Pod Security level "${enforce}" (pod-security.kubernetes.io/enforce), so the API server refuses this pod: ${f.message} (${f.rule})`,
            hint: `Fix the pod: ${f.hint} Or set the namespace's level to ${passes}: podSecurity: { enforce: PodSecurityLevel.${passes.toUpperCase()} } on its Namespace (the label pod-security.kubernetes.io/enforce: ${passes}). A waiver does not change what the API server admits.`,
          });
          refused.push(p);
          covered.add(coveredKey(p, f.rule));
        }
      }
    }
    // warn and audit: reported once, at the stricter of the two, for what enforce admits.
    const stricter = STRICTNESS[ns.warn] >= STRICTNESS[ns.audit] ? ns.warn : ns.audit;
    if (STRICTNESS[stricter] <= STRICTNESS[enforce] || stricter === 'privileged') continue;
    const modes = [ns.warn === stricter ? 'warn' : '', ns.audit === stricter ? 'audit' : ''].filter((m) => m);
    const admitted = enforce === 'privileged' ? [] : checkPodSecurity(t.template, enforce);
    const seen = new Set(admitted.map((f) => `${f.field}\u0000${f.rule}`));
    for (const f of checkPodSecurity(t.template, stricter)) {
      if (seen.has(`${f.field}\u0000${f.rule}`)) continue;
      warnings.push(
        problemAt(t.record, {
          ...f,
          severity: 'warning',
          rule: POD_SECURITY_RULE,
          message: `the namespace ${JSON.stringify(t.namespace)} ${modes.map((m) => `${m}s`).join(' and ')} at the Pod Security level "${stricter}" (${modes.map((m) => `pod-security.kubernetes.io/${m}`).join(', ')}); the API server admits this pod with a warning: ${f.message} (${f.rule})`,
          hint: `Fix the pod: ${f.hint} Or set the namespace's ${modes.join(' and ')} level to "${enforce}" like its enforce level (podSecurity: { ${modes.map((m) => `${m}: PodSecurityLevel.${enforce.toUpperCase()}`).join(', ')} } on its Namespace).`,
        }),
      );
    }
  }
  return { refused, warnings, covered };
}

/** The key of problem `p` (of `rule`, by default its own), as {@link AdmissionResult.covered} holds it. */
export function coveredKey(p: Problem, rule: string = p.rule): string {
  return `${p.environment ?? ''}\u0000${p.file ?? ''}\u0000${p.object ?? ''}\u0000${p.field ?? ''}\u0000${rule}`;
}
