import { ManifestRecord } from '../synth/manifest';
import { asArray, asObject, Finding, namespaceOf } from './finding';
import { isEmptySelector } from './label-selector';
import { sameNamespace } from './object-index';
import { WORKLOAD_KINDS } from './pod-templates';
import { isRecord } from '../core/is-record';

/**
 * Every namespace that runs workloads needs a default-deny NetworkPolicy: one that selects
 * every pod (empty podSelector), lists both policy types and allows nothing in a direction
 * (two policies, one per direction, also count).
 */
export function checkDefaultDeny(records: readonly ManifestRecord[]): { readonly record: ManifestRecord; readonly finding: Finding }[] {
  const policies = records.map((r) => r.object as unknown).filter((o) => isRecord(o) && o.kind === 'NetworkPolicy');
  const denies = (ns: string, dir: 'Ingress' | 'Egress'): boolean => policies.some((p) => {
    const spec = asObject(asObject(p).spec);
    return sameNamespace(namespaceOf(p), ns) && isEmptySelector(spec.podSelector) && asArray(spec.policyTypes).includes(dir)
      && asArray(spec[dir.toLowerCase()]).length === 0;
  });
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
        rule: 'policy/default-deny-network-policy', field: 'metadata.namespace', value: ns || undefined,
        message: `namespace ${ns ? JSON.stringify(ns) : '(unset)'} runs workloads but has no default-deny NetworkPolicy for ${missing.join(' and ')}`,
        hint: 'Add a NetworkPolicy with podSelector: {}, policyTypes: [Ingress, Egress] and no rules, then allow the traffic each workload needs.',
      },
    });
  }
  return out;
}
