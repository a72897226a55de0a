import { Deployment, Job, NetworkPolicies, Probe } from 'berth-k8s';
import { synthApp } from 'berth-k8s/testing';
import { makeApp, render } from '../workloads/_helpers';
import { thrownInvalidInput } from '../support/invalid-input';

const RESTRICTED_CONTAINER = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
};

const DEFAULTS = { resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '64Mi' } } };

describe('native sidecars', () => {
  test('addSidecar and the sidecars prop emit init containers with restartPolicy Always, after the init containers, before the app', () => {
    const { app } = makeApp();
    const d = new Deployment(app, 'web', {
      containers: [{ image: 'web:1.0', ports: [{ port: 8080 }] }],
      initContainers: [{ image: 'busybox:1.36', command: ['true'] }],
      sidecars: [
        {
          name: 'proxy',
          image: 'envoy:1.31',
          ports: [{ port: 15000 }],
          readiness: Probe.http('/ready', { port: 15000 }),
          startup: Probe.tcp(15000),
        },
      ],
    });
    const logs = d.addSidecar({ image: 'fluent-bit:3.1' });
    expect(logs.role).toBe('sidecar');
    const spec = render(d).spec.template.spec;
    expect(spec.initContainers.map((c: { name: string; restartPolicy?: string }) => [c.name, c.restartPolicy])).toEqual(
      [
        ['init-0', undefined],
        ['proxy', 'Always'],
        ['sidecar-1', 'Always'],
      ],
    );
    expect(spec.initContainers[1]).toEqual({
      name: 'proxy',
      image: 'envoy:1.31',
      restartPolicy: 'Always',
      ports: [{ containerPort: 15000, protocol: 'TCP' }],
      readinessProbe: { httpGet: { path: '/ready', port: 15000 } },
      startupProbe: { tcpSocket: { port: 15000 } },
      securityContext: RESTRICTED_CONTAINER,
    });
    expect(spec.initContainers[2].securityContext).toEqual(RESTRICTED_CONTAINER);
    expect(spec.containers.map((c: { name: string }) => c.name)).toEqual(['web']);
    // Sidecar ports are not the workload's: Services and policies target the app containers.
    expect(d.ports).toEqual([{ name: undefined, port: 8080, protocol: 'TCP' }]);
  });

  test('a Job with a sidecar synthesizes and validates under the restricted profile', () => {
    const { app } = makeApp(DEFAULTS);
    const job = new Job(app, 'migrate', {
      containers: [{ image: 'migrate:2.0', args: ['up'] }],
      sidecars: [{ name: 'proxy', image: 'cloud-sql-proxy:2.14', liveness: Probe.tcp(5432), ports: [{ port: 5432 }] }],
    });
    NetworkPolicies.defaultDeny(app);
    const objects = synthApp(app);
    const rendered = objects.find((o) => o.kind === 'Job') as unknown as {
      spec: { template: { spec: Record<string, unknown> } };
    };
    expect(rendered.spec.template.spec.restartPolicy).toBe('Never');
    expect((rendered.spec.template.spec.initContainers as { restartPolicy: string }[])[0].restartPolicy).toBe('Always');
    expect(job.initContainers[0].role).toBe('sidecar');
  });

  test('a probe on an ordinary init container fails where it is written', () => {
    const { app } = makeApp();
    const e = thrownInvalidInput(
      () =>
        new Deployment(app, 'web', {
          containers: [{ image: 'web:1.0' }],
          initContainers: [{ image: 'busybox:1.36', readiness: Probe.exec(['true']) }],
        }),
    );
    expect(e.message).toBe(
      'dev/shop/web: field initContainers[0].readinessProbe: not allowed (got "readiness"). Allowed: no probe on an init container, which runs to completion before the others start. Remove the probe, or add the container with addSidecar() (a native sidecar keeps running and may have probes).',
    );
  });

  test('a sidecar name may not repeat an app or init container name', () => {
    const { app } = makeApp();
    const d = new Deployment(app, 'web', { containers: [{ image: 'web:1.0' }] });
    expect(thrownInvalidInput(() => d.addSidecar({ name: 'web', image: 'envoy:1.31' })).field).toBe(
      'initContainers[0].name',
    );
  });
});
