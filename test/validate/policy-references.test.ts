import { deployment, LABELS, reported, workload } from './policy-helpers';

/**
 * Objects that name others (NetworkPolicy pods, a StatefulSet's headless Service, Ingress
 * backends): one failing and one passing case per rule, each profile's severity, and what
 * `--partial` and external declarations change.
 */

const netpol = (podSelector: object): object => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'allow-web', namespace: 'shop' },
  spec: { podSelector, policyTypes: ['Ingress'], ingress: [{}] },
});
const service = (name: string, spec: object): object => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'shop' },
  spec,
});
const HEADLESS = { clusterIP: 'None', selector: LABELS, ports: [{ name: 'pg', port: 5432 }] };
const ingress = (backend: object, annotations?: object): object => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'site', namespace: 'shop', ...(annotations ? { annotations } : {}) },
  spec: { rules: [{ host: 'a.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }] },
});
const WEB = service('web', { selector: LABELS, ports: [{ name: 'http', port: 80, targetPort: 8080 }] });

describe('policy/network-policy-selector', () => {
  test('a podSelector that selects no pod template of its namespace is an error (a warning in baseline)', () => {
    const line =
      'NetworkPolicy/shop/allow-web at spec.podSelector ({"matchLabels":{"app":"wbe"}}): NetworkPolicy allow-web: the podSelector app=wbe selects no pod template in namespace shop, so the policy applies to nothing | fix: Make podSelector match the labels of the pods it is meant for, or remove the policy (pods made by an operator: waive the rule with the reason).';
    expect(reported('policy/network-policy-selector', [deployment(), netpol({ matchLabels: { app: 'wbe' } })])).toEqual(
      [`error ${line}`],
    );
    expect(
      reported('policy/network-policy-selector', [deployment(), netpol({ matchLabels: { app: 'wbe' } })], 'baseline'),
    ).toEqual([`warning ${line}`]);
  });

  test('with --partial it is a warning that says why; a selector matching pods, or every pod, passes', () => {
    expect(
      reported('policy/network-policy-selector', [netpol({ matchLabels: { app: 'web' } })], 'restricted', {
        partial: true,
      }),
    ).toEqual([
      'warning NetworkPolicy/shop/allow-web at spec.podSelector ({"matchLabels":{"app":"web"}}): NetworkPolicy allow-web: the podSelector app=web selects no pod template in namespace shop, so the policy applies to nothing (the input is partial: it may be in another one) | fix: Make podSelector match the labels of the pods it is meant for, or remove the policy (pods made by an operator: waive the rule with the reason).',
    ]);
    const expr = { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] };
    expect(
      reported('policy/network-policy-selector', [
        deployment(),
        netpol({ matchLabels: LABELS }),
        netpol(expr),
        netpol({}),
      ]),
    ).toEqual([]);
  });
});

describe('policy/statefulset-service', () => {
  const db = workload('StatefulSet', 'db', { serviceName: 'db-headless' });

  test('serviceName naming no Service, a Service with a cluster IP, or one selecting other pods is an error', () => {
    expect(reported('policy/statefulset-service', [db])).toEqual([
      'error StatefulSet/shop/db at spec.serviceName ("db-headless"): StatefulSet db: serviceName "db-headless" names no Service in namespace shop, so its pods get no stable DNS names (db-0.db-headless) | fix: Add a headless Service "db-headless" (clusterIP: None) selecting its pods, fix the name, or declare it external (berth.dev/external-refs: Service/db-headless).',
    ]);
    expect(
      reported('policy/statefulset-service', [
        db,
        service('db-headless', { selector: LABELS, ports: [{ port: 5432 }] }),
      ]),
    ).toEqual([
      'error StatefulSet/shop/db at spec.serviceName ("db-headless"): StatefulSet db: serviceName "db-headless" names a Service that is not headless (clusterIP: unset), so its pods get no stable DNS names | fix: Point serviceName at a headless Service (clusterIP: None), or set clusterIP: None on "db-headless".',
    ]);
    expect(
      reported('policy/statefulset-service', [db, service('db-headless', { ...HEADLESS, selector: { app: 'other' } })]),
    ).toEqual([
      'error StatefulSet/shop/db at spec.serviceName ("db-headless"): StatefulSet db: the headless Service "db-headless" selects app=other, not its pods (app=web), so they get no DNS records | fix: Make the selector of Service "db-headless" match the StatefulSet\'s pod labels.',
    ]);
  });

  test('a headless Service selecting its pods passes, as does one declared external or no serviceName', () => {
    expect(reported('policy/statefulset-service', [db, service('db-headless', HEADLESS)])).toEqual([]);
    expect(reported('policy/statefulset-service', [db], 'restricted', { external: ['Service/db-headless'] })).toEqual(
      [],
    );
    // Declared on the pod template, as the reference checks read it.
    const annotated = workload('StatefulSet', 'db', { serviceName: 'db-headless' }) as {
      spec: { template: { metadata: Record<string, unknown> } };
    };
    annotated.spec.template.metadata.annotations = { 'berth.dev/external-refs': 'Service/db-headless' };
    expect(reported('policy/statefulset-service', [annotated])).toEqual([]);
    expect(reported('policy/statefulset-service', [workload('StatefulSet', 'db')])).toEqual([]);
  });
});

describe('policy/ingress-backend', () => {
  test('a backend naming a missing Service, or a port number or name the Service lacks, is an error', () => {
    expect(reported('policy/ingress-backend', [ingress({ service: { name: 'wbe', port: { number: 80 } } })])).toEqual([
      'error Ingress/shop/site at spec.rules[0].http.paths[0].backend.service.name ("wbe"): Ingress site sends traffic to Service "wbe", which does not exist in namespace shop: requests get 503 | fix: Name an existing Service of the Ingress\'s namespace, add it, or declare it external (berth.dev/external-refs: Service/wbe).',
    ]);
    expect(
      reported('policy/ingress-backend', [WEB, ingress({ service: { name: 'web', port: { number: 8080 } } })]),
    ).toEqual([
      'error Ingress/shop/site at spec.rules[0].http.paths[0].backend.service.port.number (8080): Ingress site sends traffic to port 8080 of Service "web", which has no such port (its ports: 80): requests get 503 | fix: Use one of the Service\'s port numbers (80), or add the port to the Service.',
    ]);
    const byName = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'site', namespace: 'shop' },
      spec: { defaultBackend: { service: { name: 'web', port: { name: 'https' } } } },
    };
    expect(reported('policy/ingress-backend', [WEB, byName], 'baseline')).toEqual([
      'warning Ingress/shop/site at spec.defaultBackend.service.port.name ("https"): Ingress site sends traffic to port "https" of Service "web", which has no such port (its ports: "http"): requests get 503 | fix: Use one of the Service\'s port names ("http"), or add the port to the Service.',
    ]);
  });

  test('an existing Service and port pass, as does a Service declared external', () => {
    expect(
      reported('policy/ingress-backend', [WEB, ingress({ service: { name: 'web', port: { number: 80 } } })]),
    ).toEqual([]);
    expect(
      reported('policy/ingress-backend', [WEB, ingress({ service: { name: 'web', port: { name: 'http' } } })]),
    ).toEqual([]);
    const declared = ingress(
      { service: { name: 'auth', port: { number: 80 } } },
      { 'berth.dev/external-refs': 'Service/auth' },
    );
    expect(reported('policy/ingress-backend', [declared])).toEqual([]);
  });
});
