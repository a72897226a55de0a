/**
 * Each environment is validated against the Kubernetes version it targets (1.32 to 1.36 ship):
 * a field or kind its version lacks is an error naming the version that has it, an apiVersion
 * Kubernetes stopped serving names its replacement, a deprecated one is a warning.
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import { Application, ConfigMap, Deployment, Environment, K8S_VERSIONS, Platform } from '../../lib';
import type { KubernetesVersion } from '../../lib';
import { InvalidInputError } from '../../lib/core/invalid-input-error';
import { Problem, ValidationFailed } from '../../lib/model/problem';
import { validateManifests } from '../../lib/validate/validate-manifests';
import { ManifestRecord } from '../../lib/model/manifest';

/** A platform with one environment per version given, each with the same app made by `fill`. */
function platformOf(versions: readonly (KubernetesVersion | undefined)[], fill: (app: Application) => void): Platform {
  const platform = new Platform();
  versions.forEach((kubernetesVersion, i) => {
    const env = new Environment(platform, `env${i}`, { config: {}, kubernetesVersion });
    fill(new Application(env, 'shop'));
  });
  return platform;
}

function problemsOf(platform: Platform): Problem[] {
  try {
    const r = platform.synth({ dryRun: true, policy: 'none' });
    return [...r.warnings];
  } catch (e) {
    if (e instanceof ValidationFailed) return [...e.problems];
    throw e;
  }
}

/** A Deployment whose pod sets `hostnameOverride`, a field Kubernetes 1.34 added. */
function withHostnameOverride(app: Application): void {
  const d = new Deployment(app, 'web', { containers: [{ image: 'nginx:1.27', ports: [{ port: 8080 }] }] });
  d.addJsonPatch(JsonPatch.add('/spec/template/spec/hostnameOverride', 'web-0'));
}

test('Berth ships the definitions of Kubernetes 1.32 to 1.36', () => {
  expect(K8S_VERSIONS).toEqual(['1.32', '1.33', '1.34', '1.35', '1.36']);
});

test('a field the environment’s version lacks is an error naming the first version that has it', () => {
  const problems = problemsOf(platformOf(['1.32', '1.35', undefined], withHostnameOverride));
  expect(problems.map((p) => [p.environment, p.rule, p.field])).toEqual([
    ['env0', 'schema/unknown-field', 'spec.template.spec.hostnameOverride'],
    ['env2', 'schema/unknown-field', 'spec.template.spec.hostnameOverride'],
  ]);
  // env0 targets 1.32, env1 1.35 (which has the field), env2 the default 1.33.
  expect(problems[0].message).toContain(
    '(Kubernetes 1.32, the version validated against, lacks it; 1.34 and later accept it)',
  );
  expect(problems[1].message).toContain(
    '(Kubernetes 1.33, the version validated against, lacks it; 1.34 and later accept it)',
  );
  expect(problems[0].hint).toMatch(
    /^Target Kubernetes 1\.34 or later if the clusters run it \(the Environment's kubernetesVersion; berth validate --kubernetes-version\)/,
  );
});

test('a kind the environment’s version does not serve names the version that does', () => {
  const claim = (app: Application): void => {
    new ApiObject(app, 'gpu', {
      apiVersion: 'resource.k8s.io/v1',
      kind: 'ResourceClaimTemplate',
      metadata: { name: 'gpu' },
      spec: { spec: { devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu.example.com' } }] } } },
    });
  };
  const problems = problemsOf(platformOf(['1.32', '1.34'], claim));
  expect(problems.map((p) => [p.environment, p.rule, p.severity])).toEqual([['env0', 'schema/unknown-kind', 'error']]);
  expect(problems[0].message).toBe(
    'no schema is known for kind ResourceClaimTemplate in apiVersion resource.k8s.io/v1 (Kubernetes 1.32, the version validated against, lacks it; 1.34 and later accept it)',
  );
});

function record(object: Record<string, unknown>): ManifestRecord {
  return {
    environment: 'dev',
    app: 'a',
    constructPath: 'dev/a/x',
    object: object as never,
    waivers: [],
    dependsOn: [],
  };
}

test('an apiVersion Kubernetes stopped serving names the release and the replacement', () => {
  const cron = {
    apiVersion: 'batch/v1beta1',
    kind: 'CronJob',
    metadata: { name: 'nightly', namespace: 'a' },
    spec: { schedule: '0 3 * * *', jobTemplate: { spec: {} } },
  };
  const problems = validateManifests([record(cron)], { policy: 'none', kubernetesVersion: '1.36' });
  // (The API server's own rules still check the pod template: a Job's restartPolicy.)
  expect(problems.filter((p) => p.rule.startsWith('schema/')).map((p) => [p.rule, p.field, p.message, p.hint])).toEqual(
    [
      [
        'schema/removed-api',
        'apiVersion',
        'Kubernetes 1.25 and later no longer serve CronJob in apiVersion batch/v1beta1',
        "Use batch/v1 instead (Kubernetes' deprecated API migration guide lists the fields that changed).",
      ],
    ],
  );
});

test('a deprecated kind is a warning from the version that deprecated it on', () => {
  const endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'legacy', namespace: 'a' } };
  const at = (v: KubernetesVersion): string[] =>
    validateManifests([record(endpoints)], { policy: 'none', kubernetesVersion: v }).map(
      (p) => `${p.severity} ${p.rule}: ${p.message}`,
    );
  expect(at('1.32')).toEqual([]);
  expect(at('1.33')).toEqual(['warning schema/deprecated-api: Kubernetes 1.33 deprecated Endpoints in apiVersion v1']);
});

test('an environment naming a version Berth does not ship is refused with the versions it does', () => {
  const bad = (): unknown =>
    new Environment(new Platform(), 'old', { config: {}, kubernetesVersion: '1.24' as KubernetesVersion });
  expect(bad).toThrow(InvalidInputError);
  expect(bad).toThrow(/'1\.32', '1\.33', '1\.34', '1\.35', '1\.36'/);
});

test('an object valid in every version validates the same in each', () => {
  const problems = problemsOf(
    platformOf(['1.32', '1.33', '1.34', '1.35', '1.36'], (app) => {
      new ConfigMap(app, 'settings', { data: { a: 'b' } });
    }),
  );
  expect(problems).toEqual([]);
});

test('berth validate --kubernetes-version checks against that version', async () => {
  const { runValidate } = await import('../support/run-validate');
  const pod =
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\nspec:\n  hostnameOverride: x\n  containers: [{name: c, image: nginx:1.27}]\n';
  const at = async (...flags: string[]): Promise<number> =>
    (await runValidate(['-', '--policy', 'none', ...flags], pod)).code;
  expect(await at()).toBe(1);
  expect(await at('--kubernetes-version', '1.34')).toBe(0);
  const bad = await runValidate(['-', '--kubernetes-version', '1.24'], pod);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--kubernetes-version must be one of 1.32, 1.33, 1.34, 1.35, 1.36 (got "1.24")');
});

test('synth records a non-default version in the environment kustomization, and validate reads it', async () => {
  const { project, berth } = await import('../support/berth-project');
  const dir = project(`
import { JsonPatch } from ${JSON.stringify(require.resolve('cdk8s'))};
import { Platform, Environment, Application, Deployment } from BERTH;
export const platform = new Platform();
for (const [name, kubernetesVersion] of [['old', '1.33'], ['new', '1.34']] as const) {
  const app = new Application(new Environment(platform, name, { config: {}, kubernetesVersion }), 'web');
  const d = new Deployment(app, 'web', { containers: [{ image: 'nginx:1.27', ports: [{ port: 8080 }] }] });
  if (name === 'new') d.addJsonPatch(JsonPatch.add('/spec/template/spec/hostnameOverride', 'web-0'));
}
`);
  const synth = berth(dir, ['synth', '--policy', 'none']);
  expect(synth.stderr).toBe('');
  expect(synth.status).toBe(0);
  const fs = await import('fs');
  const path = await import('path');
  expect(fs.readFileSync(path.join(dir, 'dist', 'new', 'kustomization.yaml'), 'utf8')).toBe(
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nmetadata:\n  annotations:\n    berth.dev/kubernetes-version: "1.34"\nresources:\n  - web\n',
  );
  // The default version is not recorded: outputs of environments that name none stay as they were.
  expect(fs.readFileSync(path.join(dir, 'dist', 'old', 'kustomization.yaml'), 'utf8')).not.toContain('metadata');
  const validate = berth(dir, ['validate', 'dist', '--policy', 'none']);
  expect(validate.stdout).toContain('0 errors');
  expect(validate.status).toBe(0);
  const forced = berth(dir, ['validate', 'dist', '--policy', 'none', '--kubernetes-version', '1.33']);
  expect(forced.status).toBe(1);
  expect(forced.stdout).toContain(
    'unknown field "hostnameOverride" in spec.template.spec (Kubernetes 1.33, the version validated against, lacks it; 1.34 and later accept it)',
  );
});
