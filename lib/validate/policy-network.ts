import { ManifestRecord } from '../model/manifest';
import { asArray, asObject, Finding, namespaceOf } from './finding';
import { isEmptySelector } from './label-selector';
import { WORKLOAD_KINDS } from './pod-templates';
import { isRecord } from '../model/is-record';

/**
 * Every namespace that runs workloads needs a default-deny NetworkPolicy: one that selects
 * every pod (empty podSelector), lists both policy types and allows nothing in a direction
 * (two policies, one per direction, also count).
 */
export function checkDefaultDeny(
  records: readonly ManifestRecord[],
): { readonly record: ManifestRecord; readonly finding: Finding }[] {
  // The namespaces each direction is denied in, gathered once (a namespace is asked about once
  // per direction; with thousands of apps, looking through every policy each time was quadratic).
  const denied = { Ingress: new Set<string>(), Egress: new Set<string>() };
  for (const r of records) {
    const p = r.object as unknown;
    if (!isRecord(p) || p.kind !== 'NetworkPolicy') continue;
    const spec = asObject(p.spec);
    if (!isEmptySelector(spec.podSelector)) continue;
    for (const dir of ['Ingress', 'Egress'] as const) {
      if (asArray(spec.policyTypes).includes(dir) && asArray(spec[dir.toLowerCase()]).length === 0)
        denied[dir].add(namespaceOf(p));
    }
  }
  // A policy without a namespace applies to the namespace it is applied to: any (sameNamespace).
  const denies = (ns: string, dir: 'Ingress' | 'Egress'): boolean =>
    ns === '' ? denied[dir].size > 0 : denied[dir].has(ns) || denied[dir].has('');
  const firstWorkload = new Map<string, ManifestRecord>();
  for (const r of records) {
    const o = r.object as unknown;
    if (!isRecord(o) || typeof o.kind !== 'string' || !WORKLOAD_KINDS.has(o.kind)) continue;
    const ns = namespaceOf(o);
    if (!firstWorkload.has(ns)) firstWorkload.set(ns, r);
  }
  const out: { readonly record: ManifestRecord; readonly finding: Finding }[] = [];
  for (const [ns, record] of firstWorkload) {
    const missing = (['Ingress', 'Egress'] as const).filter((d) => !denies(ns, d));
    if (missing.length === 0) continue;
    out.push({
      record,
      finding: {
        rule: 'policy/default-deny-network-policy',
        field: 'metadata.namespace',
        value: ns || undefined,
        message: `namespace ${ns ? JSON.stringify(ns) : '(unset)'} runs workloads but has no default-deny NetworkPolicy for ${missing.join(' and ')}`,
        hint: 'Add a NetworkPolicy with podSelector: {}, policyTypes: [Ingress, Egress] and no rules, then allow the traffic each workload needs.',
      },
    });
  }
  return out;
}
