import { ApiResource, Application, Environment, Platform, ValidationFailed } from 'berth-k8s';
import {
  berthMatchers,
  findObject,
  findObjects,
  RESTRICTED_SECURITY_CONTEXT,
  synthApp,
  synthEnvironment,
  synthPlatform,
  yamlSerializer,
} from 'berth-k8s/testing';

expect.extend(berthMatchers);

const RESTRICTED_POD = { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } };
const RESTRICTED_CONTAINER = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: true,
};

function deployment(
  app: Application,
  name: string,
  port: number,
  containerSecurity: object = RESTRICTED_CONTAINER,
): ApiResource {
  const labels = { 'app.kubernetes.io/name': name };
  return new ApiResource(app, name, { apiVersion: 'apps/v1', kind: 'Deployment' }, {
    metadata: { name, labels },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: RESTRICTED_POD,
          containers: [
            {
              name,
              image: `registry.example.com/${name}:1.0.0`,
              ports: [{ name: 'http', containerPort: port }],
              resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
              securityContext: containerSecurity,
            },
          ],
        },
      },
    },
  } as object);
}

function policy(app: Application, name: string, spec: object): ApiResource {
  return new ApiResource(app, name, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' }, {
    metadata: { name },
    spec,
  } as object);
}

const sel = (name: string): object => ({ matchLabels: { 'app.kubernetes.io/name': name } });

/** frontend → backend → db with default deny. */
function shop(): { platform: Platform; dev: Environment; app: Application } {
  const platform = new Platform();
  const dev = new Environment(platform, 'dev', { config: {} });
  const app = new Application(dev, 'shop');
  deployment(app, 'frontend', 8080);
  deployment(app, 'backend', 9000);
  deployment(app, 'db', 5432);
  policy(app, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  policy(app, 'frontend-to-backend', {
    podSelector: sel('frontend'),
    policyTypes: ['Egress'],
    egress: [{ to: [{ podSelector: sel('backend') }], ports: [{ port: 9000 }] }],
  });
  policy(app, 'backend-from-frontend', {
    podSelector: sel('backend'),
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ podSelector: sel('frontend') }], ports: [{ port: 'http' }] }],
  });
  policy(app, 'backend-to-db', {
    podSelector: sel('backend'),
    policyTypes: ['Egress'],
    egress: [{ to: [{ podSelector: sel('db') }], ports: [{ port: 5432 }] }],
  });
  policy(app, 'db-from-backend', {
    podSelector: sel('db'),
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ podSelector: sel('backend') }], ports: [{ port: 5432 }] }],
  });
  const prod = new Environment(platform, 'prod', { config: {} });
  new ApiResource(new Application(prod, 'shop'), 'settings', { apiVersion: 'v1', kind: 'ConfigMap' }, {
    data: { mode: 'prod' },
  } as object);
  return { platform, dev, app };
}

describe('synth helpers', () => {
  test('synthApp returns the objects of one app in construct order, without writing files', () => {
    const objects = synthApp(shop().app);
    expect(objects.map((o) => `${o.kind}/${String(o.metadata.name)}`)).toEqual([
      'Deployment/frontend',
      'Deployment/backend',
      'Deployment/db',
      'NetworkPolicy/default-deny',
      'NetworkPolicy/frontend-to-backend',
      'NetworkPolicy/backend-from-frontend',
      'NetworkPolicy/backend-to-db',
      'NetworkPolicy/db-from-backend',
    ]);
  });

  test('synthEnvironment returns only that environment and synthPlatform keys objects by environment and app', () => {
    const { platform, dev } = shop();
    expect(synthEnvironment(dev)).toHaveLength(8);
    const all = synthPlatform(platform);
    expect(Object.keys(all)).toEqual(['dev/shop', 'prod/shop']);
    expect(all['prod/shop']).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        data: { mode: 'prod' },
        metadata: {
          name: 'settings',
          namespace: 'shop',
          labels: {
            'app.kubernetes.io/instance': 'shop',
            'app.kubernetes.io/managed-by': 'berth',
            'app.kubernetes.io/part-of': 'shop',
          },
        },
      },
    ]);
  });

  test('the synth helpers validate like berth synth: a privileged container fails', () => {
    const platform = new Platform();
    const app = new Application(new Environment(platform, 'dev', { config: {} }), 'shop');
    deployment(app, 'web', 80, { privileged: true });
    let error: unknown;
    try {
      synthApp(app);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationFailed);
    expect(
      (error as ValidationFailed).problems.filter((p) => p.severity === 'error').map((p) => `${p.rule} ${p.field}`),
    ).toContain('policy/privileged spec.template.spec.containers[0].securityContext.privileged');
  });
});

describe('findObject', () => {
  test('finds one object by kind and name and lists the candidates when it is missing', () => {
    const objects = synthApp(shop().app);
    expect(findObject(objects, 'Deployment', 'db').metadata.name).toBe('db');
    expect(findObjects(objects, 'NetworkPolicy')).toHaveLength(5);
    expect(() => findObject(objects, 'Deployment', 'cache')).toThrow(
      'no Deployment cache found; Deployment objects: shop/frontend, shop/backend, shop/db',
    );
  });
});

describe('yamlSerializer', () => {
  test('prints objects as the YAML synth writes', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } };
    expect(yamlSerializer.test(cm)).toBe(true);
    expect(yamlSerializer.test({ a: 1 })).toBe(false);
    expect(yamlSerializer.serialize([cm, cm])).toBe(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"',
    );
  });

  test('works as a jest snapshot serializer', () => {
    expect.addSnapshotSerializer(yamlSerializer);
    expect({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } }).toMatchInlineSnapshot(`
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  a: "1"
`);
  });
});

describe('matchers', () => {
  test('toHaveSecurityContext passes for restricted settings and fails, naming the field, otherwise', () => {
    const objects = synthApp(shop().app);
    expect(findObject(objects, 'Deployment', 'frontend')).toHaveSecurityContext(RESTRICTED_SECURITY_CONTEXT);
    const bad = JSON.parse(JSON.stringify(findObject(objects, 'Deployment', 'frontend')));
    bad.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation = true;
    expect(bad).not.toHaveSecurityContext(RESTRICTED_SECURITY_CONTEXT);
    expect(() => expect(bad).toHaveSecurityContext(RESTRICTED_SECURITY_CONTEXT)).toThrow(
      'container frontend securityContext.allowPrivilegeEscalation: expected false, got true',
    );
    expect(() => expect(findObject(objects, 'NetworkPolicy', 'default-deny')).toHaveSecurityContext({})).toThrow(
      'expected a workload object',
    );
  });

  test('toAllowTraffic follows the NetworkPolicies: frontend reaches backend, not db', () => {
    const objects = synthApp(shop().app);
    expect(objects).toAllowTraffic('frontend', 'backend', 9000);
    expect(objects).toAllowTraffic('backend', 'db');
    expect(objects).not.toAllowTraffic('frontend', 'db');
    expect(() => expect(objects).toAllowTraffic('frontend', 'db', 5432)).toThrow(
      'expected the NetworkPolicies to allow frontend → db on port 5432, but they deny it',
    );
    expect(() => expect(objects).toAllowTraffic('frontend', 'backend', 9001)).toThrow(
      'allowed flows:\n  shop/frontend → shop/backend (9000/TCP)\n  shop/backend → shop/db (5432/TCP)',
    );
  });
});
