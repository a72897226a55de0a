import { ManifestRecord } from '../model/manifest';
import { asObject, asPartial, Finding, problemAt, Wanted } from './finding';
import { mapSelectorMatches } from './label-selector';
import { ObjectIndex } from './object-index';
import { checkContainers } from './policy-containers';
import { checkAvailability } from './policy-availability';
import { checkDefaultDeny } from './policy-network';
import { checkProbesAndEnv } from './policy-probes';
import { checkRbac } from './policy-rbac';
import { checkPolicyReferences } from './policy-references';
import { checkPodSecurity } from './policy-pod-security';
import { enforcedLevel, namespaceLevels } from './pod-security-admission';
import { PolicyProfile, policySeverity } from '../model/policy-profiles';
import { checkConfigMapSecrets, checkEnvSecrets } from './policy-secrets';
import { Problem } from '../model/problem';
import { isRecord } from '../model/is-record';

/**
 * Applies the policy profile to the objects of one environment. `partial`: the input is not a
 * whole environment, so a finding about an object it does not hold is at most a warning;
 * `external`: objects declared to exist outside it (`Kind/name`).
 */
export function checkPolicy(
  records: readonly ManifestRecord[],
  profile: PolicyProfile,
  index: ObjectIndex = new ObjectIndex(records),
  options: { readonly partial?: boolean; readonly external?: readonly string[] } = {},
): Problem[] {
  if (profile === 'none') return [];
  const services = index
    .ofKind('Service')
    .map((r) => r.object as unknown)
    .filter(isRecord);
  const out: Problem[] = [];
  // A waived finding is dropped here rather than after placing it (the report lists waivers
  // from the records, not from the problems).
  const wanted: Wanted = (record, rule) =>
    policySeverity(profile, rule) !== 'off' && !record.waivers.some((w) => w.rule === rule);
  const add = (record: ManifestRecord, findings: readonly Finding[]): void => {
    for (const f of findings) {
      const severity = policySeverity(profile, f.rule);
      if (severity === 'off' || (record.waivers.length > 0 && record.waivers.some((w) => w.rule === f.rule))) continue;
      out.push(problemAt(record, options.partial && f.absent ? asPartial(f) : { ...f, severity }));
    }
  };
  // The templates some Service selects, found once through the label index.
  const served = new Set<unknown>();
  for (const s of services) {
    const selector = asObject(asObject(s.spec).selector);
    if (Object.keys(selector).length === 0) continue;
    for (const t of index.templatesWithLabels(String(asObject(s.metadata).namespace ?? ''), selector)) {
      if (mapSelectorMatches(selector, t.template.labels)) served.add(t.template);
    }
  }
  const levels = namespaceLevels(index);
  for (const at of index.templates) {
    const { record, template } = at;
    const behindService = served.has(template);
    // A namespace that enforces less than restricted (Pod Security admission) gets the baseline
    // controls: the restricted ones would report what its own setting allows on purpose.
    const enforced = levels.size === 0 ? undefined : enforcedLevel(levels, at);
    add(record, checkPodSecurity(template, enforced && enforced !== 'restricted' ? 'baseline' : profile));
    add(record, checkContainers(template, behindService));
    add(record, checkEnvSecrets(template));
    add(
      record,
      checkProbesAndEnv(template, String(asObject(record.object).kind), (rule) => wanted(record, rule)),
    );
  }
  for (const record of index.ofKind('ConfigMap')) add(record, checkConfigMapSecrets(asObject(record.object)));
  for (const { record, finding } of checkDefaultDeny(records)) add(record, [finding]);
  for (const { record, finding } of checkAvailability(index, wanted)) add(record, [finding]);
  for (const { record, finding } of checkRbac(index)) add(record, [finding]);
  for (const { record, finding } of checkPolicyReferences(index, options.external ?? [])) add(record, [finding]);
  return out;
}
