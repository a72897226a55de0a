import { Deployment, Job, ContainerProps } from 'berth-k8s';
import { validateManifests } from '../../lib/validate/validate-manifests';
import { makeApp, recordOf, render } from '../workloads/_helpers';
import { thrownInvalidInput } from '../support/invalid-input';

function apiLines(object: object): string[] {
  return validateManifests([recordOf(object)], { policy: 'none' })
    .filter((p) => p.rule.startsWith('api/') || p.rule.startsWith('schema/'))
    .map((p) => `${p.field}: ${p.message}`);
}

describe('resizePolicy', () => {
  test('renders one entry per resource, cpu first', () => {
    const { app } = makeApp();
    const d = new Deployment(app, 'web', {
      containers: [{ image: 'web:1.0', resizePolicy: { memory: 'RestartContainer', cpu: 'NotRequired' } }],
    });
    expect(render(d).spec.template.spec.containers[0].resizePolicy).toEqual([
      { resourceName: 'cpu', restartPolicy: 'NotRequired' },
      { resourceName: 'memory', restartPolicy: 'RestartContainer' },
    ]);
    const none = new Deployment(app, 'api', { containers: [{ image: 'api:1.0' }] });
    expect(render(none).spec.template.spec.containers[0].resizePolicy).toBeUndefined();
  });

  test('a resource other than cpu or memory, or an unknown policy, fails where it is written', () => {
    const { app } = makeApp();
    let n = 0;
    const bad = (resizePolicy: unknown) => () =>
      new Deployment(app, `web-${n++}`, { containers: [{ image: 'web:1.0', resizePolicy } as ContainerProps] });
    expect(thrownInvalidInput(bad({ 'nvidia.com/gpu': 'NotRequired' })).message).toBe(
      'dev/shop/web-0: field containers[0].resizePolicy["nvidia.com/gpu"]: not allowed (got "NotRequired"). Allowed: a policy for cpu or memory only (Kubernetes resizes only these in place). Remove the entry.',
    );
    expect(thrownInvalidInput(bad({ cpu: 'Restart' })).field).toBe('containers[0].resizePolicy.cpu');
  });

  test('validation: RestartContainer in a pod that never restarts, a resource twice, unknown names and policies', () => {
    const { app } = makeApp();
    const job = new Job(app, 'batch', {
      containers: [{ image: 'b:1.0', resizePolicy: { memory: 'RestartContainer' } }],
    });
    const T = 'spec.template.spec.containers[0].resizePolicy';
    expect(apiLines(job.toJson())).toEqual([
      `${T}[0]: Invalid value: "RestartContainer": must be 'NotRequired' when \`restartPolicy\` is 'Never'`,
    ]);
    const o = render(new Deployment(app, 'web', { containers: [{ image: 'web:1.0' }] }));
    o.spec.template.spec.containers[0].resizePolicy = [
      { resourceName: 'cpu', restartPolicy: 'NotRequired' },
      { resourceName: 'cpu', restartPolicy: 'RestartContainer' },
      { resourceName: 'storage', restartPolicy: 'Sometimes' },
    ];
    expect(apiLines(o).sort()).toEqual(
      [
        `${T}[1]: Duplicate value: "cpu"`,
        `${T}[2].resourceName: ${T}[2].resourceName must be one of "cpu", "memory"`,
        `${T}[2].restartPolicy: ${T}[2].restartPolicy must be one of "NotRequired", "RestartContainer"`,
      ].sort(),
    );
  });
});
