import { ManifestRecord } from '../synth/manifest';
import { asObject, Finding, isObject, problemAt } from './finding';
import { mapSelectorMatches } from './label-selector';
import { ObjectIndex, sameNamespace } from './object-index';
import { checkContainers } from './policy-containers';
import { checkDefaultDeny } from './policy-network';
import { checkPodSecurity } from './policy-pod-security';
import { PolicyProfile, policySeverity } from './policy-profiles';
import { checkConfigMapSecrets, checkEnvSecrets } from './policy-secrets';
import { Problem } from './problem';

/** Applies the policy profile to the objects of one environment. */
export function checkPolicy(records: readonly ManifestRecord[], profile: PolicyProfile): Problem[] {
  if (profile === 'none') return [];
  const index = new ObjectIndex(records);
  const services = index.ofKind('Service').map((r) => r.object as unknown).filter(isObject);
  const out: Problem[] = [];
  const add = (record: ManifestRecord, findings: readonly Finding[]): void => {
    for (const f of findings) {
      const severity = policySeverity(profile, f.rule);
      if (severity !== 'off') out.push(problemAt(record, { ...f, severity }));
    }
  };
  for (const { record, template, namespace } of index.templates) {
    const behindService = services.some((s) => {
      const selector = asObject(asObject(s.spec).selector);
      return Object.keys(selector).length > 0 && sameNamespace(namespace, String(asObject(s.metadata).namespace ?? '')) && mapSelectorMatches(selector, template.labels);
    });
    add(record, checkPodSecurity(template, profile));
    add(record, checkContainers(template, behindService));
    add(record, checkEnvSecrets(template));
  }
  for (const record of index.ofKind('ConfigMap')) add(record, checkConfigMapSecrets(asObject(record.object)));
  for (const p of checkDefaultDeny(records)) {
    const severity = policySeverity(profile, p.rule);
    if (severity !== 'off') out.push({ ...p, severity });
  }
  return out;
}
