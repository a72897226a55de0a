// Two platforms synthesized in one process write what each writes alone in a fresh one: no
// state of one synth (chart values declared, tokens issued, the resolve context) reaches another.
// Each "fresh process" is a fresh module registry (jest.isolateModules): every Berth module
// loaded anew, as `berth synth` loads them.

type Berth = typeof import('../../lib');
type K8s = typeof import('../../lib/imports/k8s');

/** What a synth wrote (relative path → text), or the rules of the problems that failed it. */
type Output = Record<string, string> | { readonly failed: string[] };

/** A platform declaring chart values (a number and a string, used in a Deployment). */
function withChartValues(berth: Berth, k8s: K8s): InstanceType<Berth['Platform']> {
  const platform = new berth.Platform();
  for (const env of ['dev', 'prod']) {
    const app = new berth.Application(new berth.Environment(platform, env, { config: {} }), 'shop');
    const values = berth.ChartValues.of(app);
    const replicas = values.number('frontend.replicas', { default: 1, perEnvironment: { prod: 3 } });
    const tag = values.string('image.tag', { default: '1.0.0' });
    new k8s.ConfigMap(app, 'settings', { data: { TAG: tag } });
    new k8s.Deployment(app, 'frontend', {
      spec: {
        replicas,
        selector: { matchLabels: { app: 'frontend' } },
        template: {
          metadata: { labels: { app: 'frontend' } },
          spec: { containers: [{ name: 'web', image: `web:${tag}` }] },
        },
      },
    });
  }
  return platform;
}

/**
 * A platform without chart values whose data holds text shaped like the tokens and markers of
 * chart values: alone, it is data like any other text.
 */
function withoutChartValues(berth: Berth, k8s: K8s): InstanceType<Berth['Platform']> {
  const platform = new berth.Platform();
  for (const env of ['dev', 'prod']) {
    const app = new berth.Application(new berth.Environment(platform, env, { config: {} }), 'blog');
    new k8s.ConfigMap(app, 'notes', {
      data: {
        TOKEN: 'token ${BerthValue#0} text',
        MARKER: 'marker ${BerthValue:image.tag} text',
        NUMBER: String(-1e289),
      },
    });
  }
  return platform;
}

function outputOf(platform: InstanceType<Berth['Platform']>, berth: Berth): Output {
  try {
    const result = platform.synth({ dryRun: true, format: 'all', policy: 'none' });
    return Object.fromEntries(result.contents);
  } catch (e) {
    if (e instanceof berth.ValidationFailed) return { failed: e.problems.map((p) => p.rule) };
    throw e;
  }
}

/** Builds and synthesizes each platform in turn, in one fresh module registry. */
function synthInOneProcess(...builds: ((berth: Berth, k8s: K8s) => InstanceType<Berth['Platform']>)[]): Output[] {
  const outputs: Output[] = [];
  jest.isolateModules(() => {
    const berth = require('../../lib') as Berth;
    const k8s = require('../../lib/imports/k8s') as K8s;
    for (const build of builds) outputs.push(outputOf(build(berth, k8s), berth));
  });
  return outputs;
}

const [aloneWith] = synthInOneProcess(withChartValues);
const [aloneWithout] = synthInOneProcess(withoutChartValues);

test('the platforms synthesized alone write charts, and the text shaped like tokens stays text', () => {
  expect(Object.keys(aloneWith)).toContain('charts/shop/values.schema.json');
  const notes = (aloneWithout as Record<string, string>)['dev/blog/configmap-notes.yaml'];
  expect(notes).toContain('TOKEN: token ${BerthValue#0} text');
  expect((aloneWithout as Record<string, string>)['charts/blog/templates/configmap-notes.yaml']).toContain(
    'marker ${BerthValue:image.tag} text',
  );
});

test('a platform without chart values synthesized after one with them writes what it writes alone', () => {
  const [, after] = synthInOneProcess(withChartValues, withoutChartValues);
  expect(after).toEqual(aloneWithout);
});

test('a platform with chart values synthesized after one without them writes what it writes alone', () => {
  const [, after] = synthInOneProcess(withoutChartValues, withChartValues);
  expect(after).toEqual(aloneWith);
});

test('two platforms built before either is synthesized write what each writes alone', () => {
  const outputs: Output[] = [];
  jest.isolateModules(() => {
    const berth = require('../../lib') as Berth;
    const k8s = require('../../lib/imports/k8s') as K8s;
    const first = withChartValues(berth, k8s);
    const second = withoutChartValues(berth, k8s);
    outputs.push(outputOf(second, berth), outputOf(first, berth));
  });
  expect(outputs).toEqual([aloneWithout, aloneWith]);
});
