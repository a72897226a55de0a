import {
  ConfigMap,
  Cpu,
  CronJob,
  DaemonSet,
  Deployment,
  Duration,
  InvalidInputError,
  PersistentVolumeClaim,
  Probe,
  Volume,
} from 'berth-k8s';
import { makeApp, render } from './_helpers';

function deploy(props: ConstructorParameters<typeof Deployment>[2], id = 'web', defaults = {}): Deployment {
  return new Deployment(makeApp(defaults).app, id, props);
}

test('every construct throws one kind of error for bad input, with the parts readable on their own', () => {
  const caught = (f: () => unknown): InvalidInputError => {
    try {
      f();
    } catch (e) {
      return e as InvalidInputError;
    }
    throw new Error('nothing thrown');
  };
  const workload = caught(() => deploy({ replicas: -1, containers: [{ image: 'a:1' }] }));
  const config = caught(() => new ConfigMap(makeApp().app, 'cfg', { name: 'Bad_Name' }));
  const storage = caught(() => new PersistentVolumeClaim(makeApp().app, 'data'));
  for (const e of [workload, config, storage]) expect(e).toBeInstanceOf(InvalidInputError);
  expect([storage.field, storage.reason, storage.message]).toEqual([
    'storage',
    'no size given',
    'dev/shop/data: field storage: no size given. Allowed: a Size. Pass storage: Size.gibibytes(10) (or the size you need).',
  ]);
  expect({
    path: workload.path,
    field: workload.field,
    value: workload.value,
    allowed: workload.allowed,
    hint: workload.hint,
  }).toEqual({
    path: 'dev/shop/web',
    field: 'replicas',
    value: -1,
    allowed: 'a whole number >= 0',
    hint: 'Set replicas to 0 or more.',
  });
  expect(workload.message).toBe(
    'dev/shop/web: field replicas: not allowed (got -1). Allowed: a whole number >= 0. Set replicas to 0 or more.',
  );
  expect([config.path, config.field, config.value]).toEqual(['dev/shop/cfg', 'metadata.name', 'Bad_Name']);
});

describe('bad workload input names the path, field, value, what is allowed and a fix', () => {
  test('untagged and :latest images are refused unless allowed', () => {
    expect(() => deploy({ containers: [{ image: 'nginx' }] })).toThrow(
      'dev/shop/web: field containers[0].image: not allowed (got "nginx"). Allowed: an image pinned by a tag other than "latest" or by a digest. Pin a version, e.g. "nginx:1.2.3" or "nginx@sha256:...", or opt out with allowLatestImage: true.',
    );
    expect(() => deploy({ containers: [{ image: 'ghcr.io/acme/app:latest' }] })).toThrow(
      /field containers\[0\].image: not allowed \(got "ghcr.io\/acme\/app:latest"\)/,
    );
    expect(() => deploy({ containers: [{ image: 'nginx:latest', allowLatestImage: true }] })).not.toThrow();
    expect(() => deploy({ containers: [{ image: `app@sha256:${'a'.repeat(64)}` }] })).not.toThrow();
    expect(() => deploy({ containers: [{ image: 'Nginx:1' }] })).toThrow(
      /Allowed: an image reference \[registry\/\]repository\[:tag\]\[@algorithm:digest\] in lower case/,
    );
  });

  test('ports out of range, duplicated or badly named are refused', () => {
    expect(() => deploy({ containers: [{ image: 'a:1', ports: [{ port: 70000 }] }] })).toThrow(
      'dev/shop/web: field containers[0].ports[0].port: not allowed (got 70000). Allowed: a whole number from 1 to 65535. Use a port in range, e.g. 8080.',
    );
    expect(() => deploy({ containers: [{ image: 'a:1', ports: [{ port: 0 }] }] })).toThrow(
      /field containers\[0\].ports\[0\].port: not allowed \(got 0\)/,
    );
    expect(() => deploy({ containers: [{ image: 'a:1', ports: [{ port: 80 }, { port: 80 }] }] })).toThrow(
      'dev/shop/web: field containers[0].ports[1].port: not allowed (got 80). Allowed: a port number/protocol and name not already declared by this container',
    );
    expect(() =>
      deploy({
        containers: [
          {
            image: 'a:1',
            ports: [
              { port: 80, name: 'http' },
              { port: 81, name: 'http' },
            ],
          },
        ],
      }),
    ).toThrow(/field containers\[0\].ports\[1\].name: not allowed \(got "http"\)/);
    expect(() =>
      deploy({ containers: [{ image: 'a:1', ports: [{ port: 80, name: 'very-long-port-name' }] }] }),
    ).toThrow(
      'dev/shop/web: field containers[0].ports[0].name: not allowed (got "very-long-port-name"). Allowed: an IANA service name: at most 15 characters',
    );
    expect(() =>
      deploy({ containers: [{ image: 'a:1', ports: [{ port: 80, name: 'very-long-port-name' }] }] }),
    ).toThrow('Use a name like "very-long-port".');
    expect(() => deploy({ containers: [{ image: 'a:1', ports: [{ port: 80, name: 'HTTP_Port' }] }] })).toThrow(
      'Use a name like "http-port".',
    );
    expect(() =>
      deploy({
        containers: [
          { image: 'a:1', ports: [{ port: 80 }] },
          { name: 'b', image: 'b:1', ports: [{ port: 80 }] },
        ],
      }),
    ).toThrow(
      'dev/shop/web: field containers[1].ports: not allowed (got 80). Allowed: a port not already used by container "web" of the same pod',
    );
  });

  test('negative replicas, from props or the environment, are refused', () => {
    expect(() => deploy({ replicas: -1, containers: [{ image: 'a:1' }] })).toThrow(
      'dev/shop/web: field replicas: not allowed (got -1). Allowed: a whole number >= 0. Set replicas to 0 or more.',
    );
    expect(() => deploy({ containers: [{ image: 'a:1' }] }, 'web', { replicas: -2 })).toThrow(
      'dev/shop/web: field replicas: not allowed (got -2). Allowed: a whole number >= 0 (from environment "dev" defaults.replicas)',
    );
  });

  test('invalid names and label values are refused', () => {
    expect(() => deploy({ name: 'Web_App', containers: [{ image: 'a:1' }] })).toThrow(
      'dev/shop/web: field name: not a valid DNS-1123 label (got "Web_App"). Allowed: lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters. Did you mean "web-app"?',
    );
    expect(() => deploy({ labels: { team: 'a b' }, containers: [{ image: 'a:1' }] })).toThrow(
      'dev/shop/web: field labels.team: not a valid label value (got "a b"). Allowed: empty, or at most 63 letters',
    );
    expect(() => deploy({ nodeSelector: { 'bad key!': 'x' }, containers: [{ image: 'a:1' }] })).toThrow(
      'dev/shop/web: field nodeSelector: not a valid label key (got "bad key!")',
    );
    expect(() => deploy({ podLabels: { 'app.kubernetes.io/name': 'x' }, containers: [{ image: 'a:1' }] })).toThrow(
      /field podLabels\["app.kubernetes.io\/name"\]: not allowed \(got "x"\). Allowed: labels other than the selector labels/,
    );
  });

  test('malformed quantities in the environment defaults are refused when the environment is constructed', () => {
    expect(() =>
      deploy({ containers: [{ image: 'a:1' }] }, 'web', { resources: { requests: { memory: '1K' } } }),
    ).toThrow(
      'dev: field defaults.resources: defaults.resources.requests.memory "1K" is not a memory size (did you mean "1Ki" (binary) or "1k" (decimal)?).',
    );
  });

  test('requests above limits are refused', () => {
    expect(() =>
      deploy({ containers: [{ image: 'a:1', resources: { cpu: { request: Cpu.cores(2), limit: Cpu.millis(500) } } }] }),
    ).toThrow(
      'dev/shop/web: field containers[0].resources.cpu.request: not allowed (got "2"). Allowed: at most the limit 500m. Lower the request or raise the limit.',
    );
  });

  test('two workloads with the same component in one app are refused, naming both paths', () => {
    const { app } = makeApp();
    new Deployment(app, 'web', { containers: [{ image: 'a:1' }] });
    expect(() => new Deployment(app, 'web2', { name: 'web', containers: [{ image: 'a:1' }] })).toThrow(
      'dev/shop/web2: field name: not allowed (got "web"). Allowed: a component name not used by another workload of app "shop": dev/shop/web already selects pods with app.kubernetes.io/name=web, so the selectors of dev/shop/web and dev/shop/web2 would match each other\'s pods',
    );
  });

  test('security opt-outs are checked', () => {
    expect(() =>
      deploy({ containers: [{ image: 'a:1', securityContext: { capabilities: { add: ['CAP_NET_ADMIN'] } } }] }),
    ).toThrow(
      'dev/shop/web: field containers[0].securityContext.capabilities.add[0]: not allowed (got "CAP_NET_ADMIN"). Allowed: a Linux capability name in upper case without the CAP_ prefix (e.g. NET_BIND_SERVICE). Write "NET_ADMIN".',
    );
    expect(() => deploy({ securityContext: { runAsUser: 0 }, containers: [{ image: 'a:1' }] })).toThrow(
      'dev/shop/web: field securityContext.runAsUser: not allowed (got 0). Allowed: a non-zero UID while root is not allowed',
    );
  });

  test('a workload without containers, bad probes and clashing volumes fail when rendered', () => {
    expect(() => render(deploy({}))).toThrow(
      'dev/shop/web: field containers: not allowed (got []). Allowed: at least one container',
    );
    expect(() => render(deploy({ containers: [{ image: 'a:1', readiness: Probe.http('/ready') }] }))).toThrow(
      'dev/shop/web: field containers[0].readinessProbe.httpGet.port: missing. Allowed: a port, since the container declares none',
    );
    expect(() =>
      render(
        deploy({
          containers: [{ image: 'a:1', ports: [{ port: 80 }], liveness: Probe.http('/x', { successThreshold: 2 }) }],
        }),
      ),
    ).toThrow(
      'dev/shop/web: field containers[0].livenessProbe.successThreshold: not allowed (got 2). Allowed: 1 for a liveness probe',
    );
    expect(() =>
      render(
        deploy({
          containers: [
            { image: 'a:1', ports: [{ port: 80 }], readiness: Probe.http('/x', { period: Duration.millis(2500) }) },
          ],
        }),
      ),
    ).toThrow('dev/shop/web: containers[0].readinessProbe.periodSeconds: 2500ms is not a whole number of seconds');
    const d = deploy({
      containers: [
        {
          image: 'a:1',
          volumeMounts: [
            { volume: Volume.fromConfigMap({ configMapName: 'cfg' }), path: '/a' },
            { volume: Volume.fromSecret({ secretName: 'cfg' }), path: '/b' },
          ],
        },
      ],
    });
    expect(() => render(d)).toThrow(
      'dev/shop/web: field containers[0].volumeMounts[1].name: not allowed (got "cfg"). Allowed: a volume name not used by another volume (containers[0].volumeMounts[0] uses it for a configMap volume). Give one of the volumes another name with the `name` option.',
    );
  });

  test('environment variable names and mount paths are checked', () => {
    expect(() => deploy({ containers: [{ image: 'a:1', workingDir: 'srv' }] })).toThrow(
      'dev/shop/web: field containers[0].workingDir: not allowed (got "srv"). Allowed: an absolute path. Write "/srv".',
    );
    expect(() =>
      deploy({ containers: [{ image: 'a:1', volumeMounts: [{ volume: Volume.emptyDir('tmp'), path: 'tmp' }] }] }),
    ).toThrow(/volumeMounts\[0\].mountPath: not allowed \(got "tmp"\)/);
    expect(() => deploy({ containers: [{ image: 'a:1', gpu: { count: 0 } }] })).toThrow(
      'dev/shop/web: field containers[0].gpu.count: not allowed (got 0). Allowed: a whole number >= 1',
    );
  });
});

describe('what the API server refuses is refused where it is written', () => {
  test('a rollout that can neither add nor remove a pod', () => {
    expect(() => deploy({ maxSurge: 0, maxUnavailable: 0, containers: [{ image: 'a:1' }] })).toThrow(
      'dev/shop/web: field maxUnavailable: not allowed (got 0). Allowed: more than 0 when maxSurge is 0 (a rollout must add or remove a pod at a time). Allow maxSurge: 1 (one extra pod during a rollout) or maxUnavailable: 1.',
    );
    expect(() => deploy({ maxSurge: '0%', maxUnavailable: '0%', containers: [{ image: 'a:1' }] })).toThrow(
      /field maxUnavailable: not allowed \(got "0%"\)/,
    );
    expect(() => deploy({ maxSurge: 0, containers: [{ image: 'a:1' }] })).not.toThrow();
    expect(() => new DaemonSet(makeApp().app, 'agent', { maxUnavailable: 0, containers: [{ image: 'a:1' }] })).toThrow(
      'dev/shop/agent: field maxUnavailable: not allowed (got 0). Allowed: more than 0 (a DaemonSet rollout replaces the pod of a node at a time). Use maxUnavailable: 1, the default, or a percentage above "0%".',
    );
  });

  test("minReady past the rollout's progress deadline", () => {
    expect(() => deploy({ minReady: Duration.minutes(10), containers: [{ image: 'a:1' }] })).toThrow(
      'dev/shop/web: field minReady: not allowed (got "600s"). Allowed: less than 600 seconds, the rollout\'s progress deadline. Shorten minReady: a pod must count as available before the rollout is judged stuck.',
    );
    expect(() => deploy({ minReady: Duration.seconds(599), containers: [{ image: 'a:1' }] })).not.toThrow();
  });

  test('a CronJob time zone that is not in the time-zone database', () => {
    const cron = (timeZone: string): CronJob =>
      new CronJob(makeApp().app, 'report', { schedule: '0 3 * * *', timeZone, containers: [{ image: 'a:1' }] });
    expect(() => cron('Europe/Pariss')).toThrow(
      'dev/shop/report: field timeZone: not allowed (got "Europe/Pariss"). Allowed: an IANA time zone name such as "Etc/UTC" or "Europe/Paris". Did you mean "Europe/Paris"?',
    );
    expect(() => cron('Local')).toThrow(/field timeZone: not allowed \(got "Local"\)/);
    expect(() => cron('america/new_york')).toThrow('Did you mean "America/New_York"?');
    expect(() => cron('America/New_York')).not.toThrow();
  });
});
