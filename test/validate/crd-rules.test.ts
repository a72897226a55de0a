import * as fs from 'fs';
import * as path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import {
  Application,
  Environment,
  PersistentVolumeClaim,
  Platform,
  Size,
  ValidationFailed,
  VolumeSnapshotClass,
} from 'berth-k8s';
import * as snapshot from '../../lib/imports/snapshot.storage.k8s.io';
import { parseCel, readsVariable } from '../../lib/validate/cel-parser';
import { parseManifests } from '../../lib/validate/read-manifests';
import { validateManifests } from '../../lib/validate/validate-manifests';

const CORPUS = path.join(__dirname, '..', 'fixtures', 'crds-corpus');

function crd(file: string): unknown {
  return parse(fs.readFileSync(path.join(CORPUS, file), 'utf8'));
}

const HTTPROUTES = crd('gateway.networking.k8s.io_httproutes.yaml');

/** The problems of the CRD's own rules (a route alone also has no Gateway or Service: route-references.test.ts). */
function problemsOf(yaml: string, crds: readonly unknown[]) {
  return validateManifests(parseManifests(yaml, 'route.yaml'), { crds, policy: 'none' }).filter(
    (p) => !p.rule.startsWith('reference/route-'),
  );
}

const ROUTE = (spec: string): string => `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: shop, namespace: web }
spec:
${spec}`;

describe('CRD validation rules (x-kubernetes-validations, CEL)', () => {
  test("a route that breaks the Gateway API rules is refused with the CRD's message at the rule's field", () => {
    const problems = problemsOf(
      ROUTE(`
  parentRefs: [{ name: gw, namespace: infra }, { name: gw, namespace: infra }]
  rules:
    - matches: [{ path: { type: PathPrefix, value: api } }]
      filters:
        - { type: RequestHeaderModifier, requestHeaderModifier: { set: [{ name: x-a, value: "1" }] } }
        - { type: RequestHeaderModifier, requestHeaderModifier: { set: [{ name: x-b, value: "2" }] } }
      backendRefs: [{ name: api, port: 8080 }]
`),
      [HTTPROUTES],
    );
    expect(problems.map((p) => [p.rule, p.field, p.message])).toEqual([
      [
        'schema/crd-rule',
        'spec.parentRefs',
        'spec.parentRefs: sectionName must be unique when parentRefs includes 2 or more references to the same parent',
      ],
      [
        'schema/crd-rule',
        'spec.rules[0].filters',
        'spec.rules[0].filters: RequestHeaderModifier filter cannot be repeated',
      ],
      [
        'schema/crd-rule',
        'spec.rules[0].matches[0].path',
        "spec.rules[0].matches[0].path: value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']",
      ],
    ]);
    expect(problems.every((p) => p.severity === 'error')).toBe(true);
    expect(problems[1].hint).toBe(
      "CustomResourceDefinition httproutes.gateway.networking.k8s.io requires self.filter(f, f.type == 'RequestHeaderModifier').size() <= 1. Change the value so that it holds; the API server would refuse the object.",
    );
  });

  test("a route that keeps them passes: the schema's defaults are filled in first, as the API server does (parentRefs[].group, backendRefs[].kind)", () => {
    expect(
      problemsOf(
        ROUTE(`
  parentRefs: [{ name: gw, namespace: infra, sectionName: http }, { name: gw, namespace: infra, sectionName: https }]
  rules:
    - matches: [{ path: { type: PathPrefix, value: /api } }]
      backendRefs: [{ name: api, port: 8080 }]
`),
        [HTTPROUTES],
      ),
    ).toEqual([]);
  });

  test('a failed rule without a message names the rule; a rule that cannot be evaluated (a missing key) is reported as such', () => {
    const crdWith = (rule: string, extra: Record<string, string> = {}) => ({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Widget', plural: 'widgets' },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: {
                    type: 'object',
                    'x-kubernetes-validations': [{ rule, ...extra }],
                    properties: { min: { type: 'integer' }, max: { type: 'integer' } },
                  },
                },
              },
            },
          },
        ],
      },
    });
    const widget =
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w, namespace: web }\nspec: { min: 5 }\n';
    expect(problemsOf(widget, [crdWith('self.min <= 3')]).map((p) => p.message)).toEqual([
      'spec: the rule self.min <= 3 is not met',
    ]);
    expect(problemsOf(widget, [crdWith('self.min <= self.max')]).map((p) => p.message)).toEqual([
      'spec: the rule could not be evaluated: no such key: max',
    ]);
    // A messageExpression that yields a string is the message; one that cannot, falls back to message.
    expect(
      problemsOf(widget, [
        crdWith('self.min <= 3', { messageExpression: "'min is too large for kind ' + 'Widget'", message: 'fixed' }),
      ]).map((p) => p.message),
    ).toEqual(['spec: min is too large for kind Widget']);
    expect(
      problemsOf(widget, [
        crdWith('self.min <= 3', { messageExpression: "'min ' + string(self.min)", message: 'fixed' }),
      ]).map((p) => p.message),
    ).toEqual(['spec: fixed']);
    // Outside the evaluated subset, or a transition rule (updates only): not checked, never guessed.
    expect(problemsOf(widget, [crdWith('int(self.min) > 10')])).toEqual([]);
    expect(problemsOf(widget, [crdWith('self.min == oldSelf.min + 1')])).toEqual([]);
  });

  test('every rule of the CRD corpus parses; the transition rules among them are recognised', () => {
    const rules: string[] = [];
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) return n.forEach(walk);
      if (n && typeof n === 'object') {
        const v = (n as Record<string, unknown>)['x-kubernetes-validations'];
        if (Array.isArray(v)) for (const r of v) rules.push((r as { rule: string }).rule);
        Object.values(n).forEach(walk);
      }
    };
    for (const f of fs.readdirSync(CORPUS).filter((x) => x.endsWith('.yaml'))) {
      for (const d of parseAllDocuments(fs.readFileSync(path.join(CORPUS, f), 'utf8'))) walk(d.toJS());
    }
    const parsed = rules.map((r) => [r, parseCel(r)] as const);
    expect(parsed.filter(([, ast]) => !ast).map(([r]) => r)).toEqual([]);
    expect(rules.length).toBe(254);
    expect(parsed.filter(([, ast]) => readsVariable(ast!, 'oldSelf')).length).toBe(11);
  });

  test("a VolumeSnapshot with two sources is reported once, with Berth's own message (the CRD rule says the same)", () => {
    const snapshot = `
apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata: { name: s, namespace: web }
spec:
  volumeSnapshotClassName: fast
  source: { persistentVolumeClaimName: data, volumeSnapshotContentName: content }
`;
    const problems = problemsOf(snapshot, [crd('snapshot.storage.k8s.io_volumesnapshots.yaml')]).filter(
      (p) => p.field === 'spec.source',
    );
    expect(problems.map((p) => p.rule)).toEqual(['grammar/volume-snapshot-source']);
  });

  test('synth checks the rules of generated CRD kinds too (VolumeSnapshotContent, through its L1 class)', () => {
    const build = (source: Record<string, string>): Platform => {
      const platform = new Platform();
      const app = new Application(new Environment(platform, 'dev', { config: {} }), 'shop');
      const claim = new PersistentVolumeClaim(app, 'data', { storage: Size.gibibytes(1) });
      claim.snapshot('snap', { snapshotClass: VolumeSnapshotClass.fromName(app, 'cls', 'fast') });
      new snapshot.VolumeSnapshotContent(app, 'content', {
        metadata: { name: 'imported' },
        spec: {
          deletionPolicy: 'Retain',
          driver: 'ebs.csi.aws.com',
          source,
          volumeSnapshotRef: { name: 'snap', namespace: 'shop' },
        },
      });
      return platform;
    };
    expect(build({ snapshotHandle: 'snap-0123' }).synth({ dryRun: true, policy: 'none' }).warnings).toEqual([]);
    let error: unknown;
    try {
      build({ snapshotHandle: 'snap-0123', volumeHandle: 'vol-0123' }).synth({ dryRun: true, policy: 'none' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).problems.map((p) => [p.rule, p.constructPath, p.field, p.message])).toEqual([
      [
        'schema/crd-rule',
        'dev/shop/content',
        'spec.source',
        'spec.source: exactly one of volumeHandle and snapshotHandle must be set',
      ],
    ]);
  });

  test("a synth whose custom resource breaks its CRD's rule fails, naming the construct", () => {
    const platform = new Platform();
    const app = new Application(new Environment(platform, 'dev', { config: {} }), 'shop');
    const { ApiResource } = jest.requireActual('berth-k8s') as typeof import('berth-k8s');
    new ApiResource(
      app,
      'route',
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' },
      {
        metadata: { name: 'shop' },
        spec: { parentRefs: [{ name: 'gw' }], rules: [{ matches: [{ path: { type: 'Exact', value: 'no-slash' } }] }] },
      },
    );
    let error: unknown;
    try {
      platform.synth({ dryRun: true, policy: 'none', crds: [HTTPROUTES] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationFailed);
    const [p] = (error as ValidationFailed).problems.filter((x) => x.rule === 'schema/crd-rule');
    expect(p).toMatchObject({ constructPath: 'dev/shop/route', field: 'spec.rules[0].matches[0].path' });
  });
});
