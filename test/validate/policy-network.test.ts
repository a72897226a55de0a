import { KubeObject, ManifestRecord } from '../../lib/model/manifest';
import { checkDefaultDeny } from '../../lib/validate/policy-network';

function rec(object: object): ManifestRecord {
  return {
    environment: 'dev',
    app: 'shop',
    constructPath: '',
    object: object as KubeObject,
    waivers: [],
    dependsOn: [],
  };
}
const workload = (name: string, namespace?: string): ManifestRecord =>
  rec({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec: { template: { spec: { containers: [] } } },
  });
const policy = (namespace: string | undefined, types: string[], extra: object = {}): ManifestRecord =>
  rec({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'p', ...(namespace ? { namespace } : {}) },
    spec: { podSelector: {}, policyTypes: types, ...extra },
  });
/** The namespaces reported, with the directions they miss. */
const missing = (records: ManifestRecord[]): string[] =>
  checkDefaultDeny(records).map(
    (f) => `${String(f.finding.value ?? '')}: ${f.finding.message.replace(/.*NetworkPolicy for /, '')}`,
  );

describe('the default-deny NetworkPolicy check', () => {
  test('each namespace that runs workloads needs both directions denied, by one policy or two', () => {
    expect(missing([workload('a', 'x'), workload('b', 'y'), policy('x', ['Ingress', 'Egress'])])).toEqual([
      'y: Ingress and Egress',
    ]);
    expect(missing([workload('a', 'x'), policy('x', ['Ingress']), policy('x', ['Egress'])])).toEqual([]);
    expect(missing([workload('a', 'x'), policy('x', ['Ingress'])])).toEqual(['x: Egress']);
    // A policy that allows something, or selects some pods only, denies nothing.
    expect(missing([workload('a', 'x'), policy('x', ['Ingress', 'Egress'], { ingress: [{}] })])).toEqual([
      'x: Ingress',
    ]);
    expect(
      missing([workload('a', 'x'), policy('x', ['Ingress', 'Egress'], { podSelector: { matchLabels: { app: 'a' } } })]),
    ).toEqual(['x: Ingress and Egress']);
    // Namespaces without workloads need nothing.
    expect(missing([policy('x', ['Ingress'])])).toEqual([]);
  });

  test('a policy without a namespace is applied where its app is applied: it covers any namespace', () => {
    expect(missing([workload('a', 'x'), workload('b', 'y'), policy(undefined, ['Ingress', 'Egress'])])).toEqual([]);
    // Workloads without a namespace are covered by a deny policy of any namespace.
    expect(missing([workload('a'), policy('x', ['Ingress', 'Egress'])])).toEqual([]);
    expect(missing([workload('a'), policy('x', ['Ingress'])])).toEqual([': Egress']);
  });

  test('thousands of namespaces, each with its own policy', () => {
    const records: ManifestRecord[] = [];
    for (let i = 0; i < 3000; i++)
      records.push(workload('a', `ns-${i}`), policy(`ns-${i}`, i === 1234 ? ['Ingress'] : ['Ingress', 'Egress']));
    expect(missing(records)).toEqual(['ns-1234: Egress']);
  });
});
