import { Application, ChartValues, Conditional, Environment, Namespace, Platform, ValidationFailed } from 'berth-k8s';
import { Construct } from 'constructs';
import * as k8s from '../../lib/imports/k8s';

function problemsOf(build: (app: Application) => void): { rule: string; message: string; constructPath?: string }[] {
  const platform = new Platform();
  for (const e of ['dev', 'prod']) build(new Application(new Environment(platform, e, { config: {} }), 'shop'));
  try {
    platform.synth({ dryRun: true, format: 'helm', policy: 'none' });
  } catch (err) {
    if (err instanceof ValidationFailed) return err.problems.filter((p) => p.rule.startsWith('helm/'));
    throw err;
  }
  return [];
}

test('a value name that is not a Helm value path is an error naming the construct path', () => {
  const p = problemsOf((app) => {
    new k8s.ConfigMap(app, 'cfg', { data: { x: ChartValues.of(app).string('my-app.tag', { default: 'a' }) } });
  });
  expect(p).toEqual([
    expect.objectContaining({ rule: 'helm/value-name', constructPath: 'dev/shop' }),
    expect.objectContaining({ rule: 'helm/value-name', constructPath: 'prod/shop' }),
  ]);
  expect(p[0].message).toContain('"my-app.tag"');
});

test('two values with one name, a wrong-typed default and a conditional on a non-boolean value are errors', () => {
  const p = problemsOf((app) => {
    const v = ChartValues.of(app);
    v.number('a.replicas', { default: 1 });
    v.number('a.replicas', { default: 2 });
    v.string('a.tag', { default: 'x y', pattern: '^[a-z]+$' });
    const notBool = v.object('a.extra', { default: {} });
    const c = new Construct(app, 'maybe');
    Conditional.when(notBool as never, c);
  });
  const rules = p.map((x) => x.rule).sort();
  expect(rules).toEqual(expect.arrayContaining(['helm/value-duplicate', 'helm/value-type', 'helm/condition-type']));
  expect(p.find((x) => x.rule === 'helm/condition-type')!.constructPath).toBe('dev/shop/maybe');
  expect(p.find((x) => x.rule === 'helm/value-type')!.message).toContain('does not match the pattern');
});

test('an object value interpolated into a string is a type error', () => {
  const p = problemsOf((app) => {
    const extra = ChartValues.of(app).object('a.extra', { default: { k: 1 } });
    new k8s.ConfigMap(app, 'cfg', { data: { x: `prefix-${extra}` } });
  });
  expect(p.map((x) => x.rule)).toContain('helm/value-type');
  expect(p[0].message).toContain('cannot be interpolated');
});

test("a declared value named createNamespace clashes with the switch of the app's own Namespace", () => {
  const p = problemsOf((app) => {
    new Namespace(app, 'Namespace', { name: 'shop' });
    new k8s.ConfigMap(app, 'cfg', { data: { x: ChartValues.of(app).string('createNamespace', { default: 'a' }) } });
  });
  expect(p.map((x) => x.rule)).toEqual(['helm/value-conflict']);
  expect(p[0].message).toBe(
    "the declared value createNamespace takes the path of the chart's switch for the app's own Namespace (createNamespace)",
  );
  // Without a Namespace of its own, the app may use the name.
  expect(
    problemsOf((app) => {
      new k8s.ConfigMap(app, 'cfg', { data: { x: ChartValues.of(app).string('createNamespace', { default: 'a' }) } });
    }),
  ).toEqual([]);
});
