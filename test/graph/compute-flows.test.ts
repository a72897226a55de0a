import { computeFlows, isTrafficAllowed } from '../../lib/graph/compute-flows';
import { matchesSelector } from '../../lib/graph/label-selector';
import { KubeObject } from '../../lib/model/manifest';
import fc from 'fast-check';

const NS = 'shop';

function deployment(
  name: string,
  ports: Array<{ name?: string; containerPort: number; protocol?: string }>,
  namespace = NS,
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': name, tier: name === 'db' ? 'data' : 'web' } },
        spec: { containers: [{ name, image: 'x', ports }] },
      },
    },
  };
}

function policy(name: string, spec: Record<string, unknown>, namespace = NS): KubeObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

const sel = (name: string): Record<string, unknown> => ({ matchLabels: { 'app.kubernetes.io/name': name } });

/** frontend → backend (named port http) → db (5432), everything else denied, DNS egress allowed. */
function shop(): KubeObject[] {
  return [
    deployment('frontend', [{ name: 'http', containerPort: 8080 }]),
    deployment('backend', [
      { name: 'http', containerPort: 9000 },
      { name: 'metrics', containerPort: 9090 },
    ]),
    deployment('db', [{ name: 'pg', containerPort: 5432 }]),
    policy('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    policy('allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [
            { port: 53, protocol: 'UDP' },
            { port: 53, protocol: 'TCP' },
          ],
        },
      ],
    }),
    policy('frontend-egress-backend', {
      podSelector: sel('frontend'),
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: sel('backend') }], ports: [{ port: 'http' }] }],
    }),
    policy('backend-ingress-frontend', {
      podSelector: sel('backend'),
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: sel('frontend') }], ports: [{ port: 'http', protocol: 'TCP' }] }],
    }),
    policy('backend-egress-db', {
      podSelector: sel('backend'),
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: sel('db') }], ports: [{ port: 5432 }] }],
    }),
    policy('db-ingress-backend', {
      podSelector: sel('db'),
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: sel('backend') }], ports: [{ port: 5432 }] }],
    }),
  ];
}

describe('computeFlows', () => {
  test('frontend reaches backend on its named port and backend reaches db; nothing else, frontend→db is absent', () => {
    const flows = computeFlows(shop());
    expect(flows.flows).toEqual([
      { from: 'shop/frontend', to: 'shop/backend', ports: ['9000/TCP'] },
      { from: 'shop/backend', to: 'shop/db', ports: ['5432/TCP'] },
    ]);
    expect(flows.flows.find((f) => f.from === 'shop/frontend' && f.to === 'shop/db')).toBeUndefined();
  });

  test('the reachability matrix lists the allowed ports per pair of workloads', () => {
    expect(computeFlows(shop()).matrix).toEqual({
      workloads: ['shop/frontend', 'shop/backend', 'shop/db'],
      allowed: [
        [[], ['9000/TCP'], []],
        [[], [], ['5432/TCP']],
        [[], [], []],
      ],
    });
  });

  test('DNS egress to kube-system is listed as an external flow of every selected workload', () => {
    expect(computeFlows(shop()).external).toEqual([
      {
        direction: 'egress',
        policy: 'shop/allow-dns',
        workloads: ['shop/frontend', 'shop/backend', 'shop/db'],
        peer: 'namespaces kubernetes.io/metadata.name=kube-system, pods k8s-app=kube-dns',
        ports: ['53/UDP', '53/TCP'],
      },
    ]);
  });

  test('every workload of the shop is isolated in both directions', () => {
    expect(computeFlows(shop()).isolation).toEqual({
      'shop/frontend': { ingress: true, egress: true },
      'shop/backend': { ingress: true, egress: true },
      'shop/db': { ingress: true, egress: true },
    });
  });

  test('without policies every workload reaches every other on any port', () => {
    const flows = computeFlows([deployment('a', []), deployment('b', [{ containerPort: 80 }])]);
    expect(flows.matrix.allowed).toEqual([
      [['any'], ['any']],
      [['any'], ['any']],
    ]);
  });

  test('a policy with no ingress rules denies all ingress to the pods it selects', () => {
    const objects = [
      deployment('a', []),
      deployment('b', [{ containerPort: 80 }]),
      policy('b-deny', { podSelector: sel('b') }),
    ];
    expect(computeFlows(objects).flows).toEqual([
      { from: 'shop/a', to: 'shop/a', ports: ['any'] },
      { from: 'shop/b', to: 'shop/a', ports: ['any'] },
    ]);
  });

  test('a policy without policyTypes isolates ingress always and egress only when it has egress rules', () => {
    const objects = [
      deployment('a', [{ containerPort: 80 }]),
      deployment('b', [{ containerPort: 80 }]),
      policy('a-only-b', { podSelector: sel('a'), egress: [{ to: [{ podSelector: sel('b') }] }] }),
    ];
    expect(computeFlows(objects).isolation).toEqual({
      'shop/a': { ingress: true, egress: true },
      'shop/b': { ingress: false, egress: false },
    });
    expect(computeFlows(objects).flows).toEqual([
      { from: 'shop/a', to: 'shop/b', ports: ['any'] },
      { from: 'shop/b', to: 'shop/b', ports: ['any'] },
    ]);
  });

  test('a namespaceSelector admits pods of other namespaces by the namespace name label; a bare podSelector only the policy namespace', () => {
    const objects = [
      deployment('api', [{ containerPort: 8080 }]),
      deployment('prometheus', [], 'monitoring'),
      deployment('intruder', [], 'other'),
      policy('api-in', {
        podSelector: sel('api'),
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              {
                namespaceSelector: {
                  matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['monitoring'] }],
                },
              },
            ],
            ports: [{ port: 8000, endPort: 8100 }],
          },
          { from: [{ podSelector: {} }] },
        ],
      }),
    ];
    expect(isTrafficAllowed(objects, 'prometheus', 'api', 8080)).toBe(true);
    expect(isTrafficAllowed(objects, 'prometheus', 'api', 8101)).toBe(false);
    expect(isTrafficAllowed(objects, 'intruder', 'api')).toBe(false);
    expect(isTrafficAllowed(objects, 'api', 'api', 1234)).toBe(true);
  });

  test('a UDP rule does not allow TCP on the same port', () => {
    const objects = [
      deployment('a', []),
      deployment('dns', [{ containerPort: 53, protocol: 'UDP' }]),
      policy('dns-in', { podSelector: sel('dns'), ingress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] }),
    ];
    expect(computeFlows(objects).matrix.allowed[0][1]).toEqual(['53/UDP']);
    expect(isTrafficAllowed(objects, 'a', 'dns', 53, 'UDP')).toBe(true);
    expect(isTrafficAllowed(objects, 'a', 'dns', 53)).toBe(false);
  });

  test('an unknown workload reference throws and lists the workloads', () => {
    expect(() => isTrafficAllowed(shop(), 'web', 'db')).toThrow(
      'no single workload is named "web"; workloads: shop/frontend, shop/backend, shop/db',
    );
  });
});

describe('matchesSelector', () => {
  test('implements matchLabels and the four expression operators', () => {
    const labels = { app: 'web', tier: 'front' };
    expect([
      matchesSelector({}, labels),
      matchesSelector({ matchLabels: { app: 'web' } }, labels),
      matchesSelector({ matchLabels: { app: 'db' } }, labels),
      matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, labels),
      matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, labels),
      matchesSelector({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, labels),
      matchesSelector({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, labels),
      matchesSelector({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, labels),
    ]).toEqual([true, true, false, true, false, true, true, false]);
  });
});

describe('flows and the matrix agree, for any policies', () => {
  // Small random environments: workloads and policies over a few labels, namespaces and ports.
  const labelsArb = fc.record({ app: fc.constantFrom('a', 'b', 'c'), tier: fc.constantFrom('x', 'y') });
  const selectorArb = fc.oneof(
    fc.constant({}),
    fc.record({
      matchLabels: fc.oneof(
        fc.record({ app: fc.constantFrom('a', 'b', 'c') }),
        fc.record({ tier: fc.constantFrom('x', 'y') }),
        labelsArb,
      ),
    }),
    fc.record({ matchExpressions: fc.constant([{ key: 'tier', operator: 'In', values: ['x'] }]) }),
  );
  const peerArb = fc.oneof(
    fc.record({ podSelector: selectorArb }),
    fc.record({ namespaceSelector: fc.constantFrom({}, { matchLabels: { 'kubernetes.io/metadata.name': 'n2' } }) }),
    fc.record({ namespaceSelector: fc.constant({}), podSelector: selectorArb }),
    fc.constant({ ipBlock: { cidr: '10.0.0.0/8' } }),
  );
  const portsArb = fc.option(
    fc.array(fc.record({ port: fc.constantFrom(80, 5432, 'http'), protocol: fc.constantFrom('TCP', 'UDP') }), {
      maxLength: 2,
    }),
    { nil: undefined },
  );
  const ruleArb = (peerKey: 'from' | 'to') =>
    fc.record({ [peerKey]: fc.option(fc.array(peerArb, { maxLength: 2 }), { nil: undefined }), ports: portsArb });
  const envArb = fc.record({
    workloads: fc.array(
      fc.record({ labels: labelsArb, ns: fc.constantFrom('n1', 'n2'), port: fc.constantFrom(80, 5432) }),
      { minLength: 1, maxLength: 7 },
    ),
    policies: fc.array(
      fc.record({
        ns: fc.constantFrom('n1', 'n2'),
        podSelector: selectorArb,
        policyTypes: fc.constantFrom(['Ingress'], ['Egress'], ['Ingress', 'Egress']),
        ingress: fc.array(ruleArb('from'), { maxLength: 2 }),
        egress: fc.array(ruleArb('to'), { maxLength: 2 }),
      }),
      { maxLength: 5 },
    ),
  });

  test('every non-empty matrix cell is a flow with its ports, in matrix order, and nothing else is', () => {
    fc.assert(
      fc.property(envArb, (env) => {
        const objects: KubeObject[] = [
          ...env.workloads.map((w, i) => ({
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: `w${i}`, namespace: w.ns },
            spec: {
              template: {
                metadata: { labels: w.labels },
                spec: { containers: [{ name: 'c', image: 'x', ports: [{ name: 'http', containerPort: w.port }] }] },
              },
            },
          })),
          ...env.policies.map((p, i) =>
            policy(
              `p${i}`,
              { podSelector: p.podSelector, policyTypes: p.policyTypes, ingress: p.ingress, egress: p.egress },
              p.ns,
            ),
          ),
        ];
        const result = computeFlows(objects);
        const fromMatrix: { from: string; to: string; ports: readonly string[] }[] = [];
        result.matrix.allowed.forEach((row, i) =>
          row.forEach((ports, j) => {
            if (ports.length > 0)
              fromMatrix.push({ from: result.matrix.workloads[i], to: result.matrix.workloads[j], ports });
          }),
        );
        expect(result.flows).toEqual(fromMatrix);
        // Each cell is what isTrafficAllowed says for the pair.
        result.matrix.allowed.forEach((row, i) =>
          row.forEach((ports, j) => {
            expect(isTrafficAllowed(objects, result.workloads[i], result.workloads[j])).toBe(ports.length > 0);
          }),
        );
      }),
      { numRuns: 300 },
    );
  });
});
