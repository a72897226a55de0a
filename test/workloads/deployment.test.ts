import {
  Cpu,
  Deployment,
  EnvFrom,
  EnvValue,
  Job,
  DaemonSet,
  NodeAffinity,
  PodAntiAffinity,
  Probe,
  ServiceAccountRef,
  Size,
  Spread,
  Toleration,
  Volume,
  Duration,
} from 'berth-k8s';
import { JsonPatch } from 'cdk8s';
import { makeApp, render } from './_helpers';

const RESTRICTED_CONTAINER = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read deep into the pod spec
function podSpec(d: { toJson(): Record<string, unknown> }): any {
  return render(d).spec.template.spec;
}

describe('Deployment', () => {
  test('the construct is its own API object: its path names it, and an annotation and a JSON patch reach the output', () => {
    const { app } = makeApp();
    const web = new Deployment(app, 'frontend', { containers: [{ image: 'nginx:1.27' }] });
    web.metadata.addAnnotation('example.com/owner', 'team-a');
    web.addJsonPatch(JsonPatch.add('/spec/revisionHistoryLimit', 3));
    const json = render(web);
    expect(web.node.path).toBe(`${app.node.path}/frontend`);
    expect(web.node.tryFindChild('Resource')).toBeUndefined();
    expect(json.metadata.annotations).toEqual({ 'example.com/owner': 'team-a' });
    expect(json.spec.revisionHistoryLimit).toBe(3);
    expect(json.spec.template.spec.containers[0].image).toBe('nginx:1.27');
  });

  test('pods are restricted by default: pod and container security contexts, no token, own ServiceAccount', () => {
    const { app } = makeApp();
    const web = new Deployment(app, 'frontend', { containers: [{ image: 'nginx:1.27' }] });
    const spec = podSpec(web);
    expect(spec.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.containers[0].securityContext).toEqual(RESTRICTED_CONTAINER);
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.serviceAccountName).toBe('frontend');
    expect(render(web.serviceAccount!)).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'frontend',
        namespace: 'shop',
        labels: {
          'app.kubernetes.io/instance': 'shop',
          'app.kubernetes.io/managed-by': 'berth',
          'app.kubernetes.io/name': 'frontend',
          'app.kubernetes.io/part-of': 'shop',
        },
      },
      automountServiceAccountToken: false,
    });
  });

  test('each relaxation is an explicit opt-out', () => {
    const { app } = makeApp();
    const web = new Deployment(app, 'web', {
      securityContext: { allowRootUser: true },
      automountServiceAccountToken: true,
      serviceAccount: ServiceAccountRef.fromName('ci'),
      containers: [
        {
          image: 'nginx:1.27',
          securityContext: {
            allowPrivilegeEscalation: true,
            readOnlyRootFilesystem: false,
            capabilities: { add: ['NET_BIND_SERVICE'] },
          },
        },
      ],
    });
    const spec = podSpec(web);
    expect(spec.securityContext).toEqual({ runAsNonRoot: false, seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: true,
      capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
      readOnlyRootFilesystem: false,
      runAsNonRoot: false,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(spec.automountServiceAccountToken).toBe(true);
    expect(spec.serviceAccountName).toBe('ci');
    expect(web.serviceAccount).toBeUndefined();
    expect(web.node.tryFindChild('ServiceAccount')).toBeUndefined();
  });

  test('the selector matches the template labels and names the component and the app', () => {
    const { app } = makeApp();
    const web = new Deployment(app, 'frontend', { containers: [{ image: 'nginx:1.27' }], podLabels: { tier: 'web' } });
    const json = render(web);
    expect(json.metadata.name).toBe('frontend');
    expect(json.spec.selector).toEqual({
      matchLabels: { 'app.kubernetes.io/name': 'frontend', 'app.kubernetes.io/instance': 'shop' },
    });
    expect(json.spec.template.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'frontend',
      'app.kubernetes.io/instance': 'shop',
      'app.kubernetes.io/part-of': 'shop',
      'app.kubernetes.io/managed-by': 'berth',
      tier: 'web',
    });
    expect(json.metadata.labels['app.kubernetes.io/name']).toBe('frontend');
  });

  test('replicas default to the environment, then 1', () => {
    expect(
      render(new Deployment(makeApp({ replicas: 3 }).app, 'a', { containers: [{ image: 'a:1' }] })).spec.replicas,
    ).toBe(3);
    expect(render(new Deployment(makeApp().app, 'a', { containers: [{ image: 'a:1' }] })).spec.replicas).toBe(1);
    expect(
      render(new Deployment(makeApp({ replicas: 3 }).app, 'a', { replicas: 5, containers: [{ image: 'a:1' }] })).spec
        .replicas,
    ).toBe(5);
  });

  test('resources come from the environment defaults when the container sets none, per environment', () => {
    const defaults = (cpu: string, memory: string) => ({
      resources: { requests: { cpu, memory }, limits: { memory } },
    });
    const dev = new Deployment(makeApp(defaults('100m', '128Mi'), 'dev').app, 'api', {
      containers: [{ image: 'api:1' }],
    });
    const prod = new Deployment(makeApp(defaults('500m', '1Gi'), 'prod').app, 'api', {
      containers: [{ image: 'api:1' }],
    });
    expect(podSpec(dev).containers[0].resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { memory: '128Mi' },
    });
    expect(podSpec(prod).containers[0].resources).toEqual({
      requests: { cpu: '500m', memory: '1Gi' },
      limits: { memory: '1Gi' },
    });
    const own = new Deployment(makeApp(defaults('100m', '128Mi')).app, 'api', {
      containers: [
        {
          image: 'api:1',
          resources: {
            cpu: { request: Cpu.millis(250), limit: Cpu.cores(1) },
            memory: { request: Size.mebibytes(256) },
          },
        },
      ],
    });
    expect(podSpec(own).containers[0].resources).toEqual({
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { cpu: '1' },
    });
    expect(
      podSpec(new Deployment(makeApp().app, 'api', { containers: [{ image: 'api:1' }] })).containers[0].resources,
    ).toBeUndefined();
  });

  test('a GPU request goes to requests and limits, with nodeSelector and tolerations', () => {
    const { app } = makeApp({ resources: { requests: { cpu: '1' } } });
    const train = new Deployment(app, 'trainer', {
      containers: [{ image: 'trainer:2.0', gpu: { count: 2, vendor: 'nvidia.com' } }],
      nodeSelector: { 'nvidia.com/gpu.present': 'true' },
      tolerations: [
        Toleration.exists('nvidia.com/gpu', { effect: 'NoSchedule' }),
        Toleration.equal('pool', 'gpu', { effect: 'NoExecute', tolerationPeriod: Duration.minutes(5) }),
      ],
    });
    const spec = podSpec(train);
    expect(spec.containers[0].resources).toEqual({
      requests: { cpu: '1', 'nvidia.com/gpu': 2 },
      limits: { 'nvidia.com/gpu': 2 },
    });
    expect(spec.nodeSelector).toEqual({ 'nvidia.com/gpu.present': 'true' });
    expect(spec.tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'pool', operator: 'Equal', value: 'gpu', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });

  test('probes render with their handlers and timings', () => {
    const { app } = makeApp();
    const web = new Deployment(app, 'web', {
      containers: [
        {
          image: 'web:1',
          ports: [{ port: 8080, name: 'http' }],
          readiness: Probe.http('/ready', { period: Duration.seconds(5) }),
          liveness: Probe.tcp('http', { initialDelay: Duration.seconds(10), failureThreshold: 5 }),
          startup: Probe.exec(['cat', '/tmp/started']),
        },
        { name: 'grpc', image: 'grpc:1', ports: [{ port: 9090 }], liveness: Probe.grpc(9090, { service: 'health' }) },
      ],
    });
    const [c, g] = podSpec(web).containers;
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 });
    expect(c.livenessProbe).toEqual({ tcpSocket: { port: 'http' }, initialDelaySeconds: 10, failureThreshold: 5 });
    expect(c.startupProbe).toEqual({ exec: { command: ['cat', '/tmp/started'] } });
    expect(g.livenessProbe).toEqual({ grpc: { port: 9090, service: 'health' } });
  });

  test('env comes from values, ConfigMaps and Secrets; envFrom takes whole sources', () => {
    const { app } = makeApp();
    const web = new Deployment(app, 'web', {
      containers: [
        {
          image: 'web:1',
          env: {
            LEVEL: EnvValue.fromValue('info'),
            DB_URL: EnvValue.fromConfigMap({ configMapName: 'settings' }, 'db-url'),
            DB_PASSWORD: EnvValue.fromSecret({ secretName: 'db' }, 'password', { optional: true }),
          },
          envFrom: [
            EnvFrom.configMap({ configMapName: 'flags' }),
            EnvFrom.secret({ secretName: 'keys' }, { prefix: 'KEY_' }),
          ],
        },
      ],
    });
    const c = podSpec(web).containers[0];
    expect(c.env).toEqual([
      { name: 'LEVEL', value: 'info' },
      { name: 'DB_URL', valueFrom: { configMapKeyRef: { name: 'settings', key: 'db-url' } } },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password', optional: true } } },
    ]);
    expect(c.envFrom).toEqual([{ configMapRef: { name: 'flags' } }, { secretRef: { name: 'keys' }, prefix: 'KEY_' }]);
  });

  test('mounted volumes are added to the pod once, with command, args and workingDir', () => {
    const { app } = makeApp();
    const cfg = Volume.fromConfigMap({ configMapName: 'settings' }, { items: { 'app.yaml': 'app.yaml' } });
    const web = new Deployment(app, 'web', {
      containers: [{ image: 'web:1', command: ['/app'], args: ['--port', '8080'], workingDir: '/srv' }],
    });
    web.containers[0].mount('/etc/app', cfg, { readOnly: true });
    web.addContainer({
      name: 'sidecar',
      image: 'side:1',
      volumeMounts: [
        { volume: cfg, path: '/cfg' },
        { volume: Volume.emptyDir('tmp', { medium: 'Memory', sizeLimit: Size.mebibytes(64) }), path: '/tmp' },
      ],
    });
    const spec = podSpec(web);
    expect(spec.volumes).toEqual([
      { name: 'settings', configMap: { name: 'settings', items: [{ key: 'app.yaml', path: 'app.yaml' }] } },
      { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
    ]);
    expect(spec.containers[0]).toMatchObject({
      command: ['/app'],
      args: ['--port', '8080'],
      workingDir: '/srv',
      volumeMounts: [{ name: 'settings', mountPath: '/etc/app', readOnly: true }],
    });
  });

  test('spread, node affinity, pod anti-affinity and priority class', () => {
    const { app } = makeApp();
    const cache = new Deployment(app, 'cache', { containers: [{ image: 'redis:7.2' }] });
    const web = new Deployment(app, 'web', {
      containers: [{ image: 'web:1' }],
      spread: [Spread.acrossZones(), Spread.onePerNode()],
      nodeAffinity: [NodeAffinity.requireIn('disktype', ['ssd']), NodeAffinity.preferIn('zone', ['a'], 50)],
      podAntiAffinity: [PodAntiAffinity.avoid(cache)],
      priorityClassName: 'high',
    });
    const spec = podSpec(web);
    const sel = { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'shop' } };
    expect(spec.topologySpreadConstraints).toEqual([
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: sel,
      },
    ]);
    expect(spec.affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'disktype', operator: 'In', values: ['ssd'] }] }],
        },
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 50, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
        ],
      },
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: sel, topologyKey: 'kubernetes.io/hostname' }],
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: {
              labelSelector: {
                matchLabels: { 'app.kubernetes.io/name': 'cache', 'app.kubernetes.io/instance': 'shop' },
              },
              topologyKey: 'kubernetes.io/hostname',
            },
          },
        ],
      },
    });
    expect(spec.priorityClassName).toBe('high');
  });

  test('dependsOn records the dependency for apply order', () => {
    const { app } = makeApp();
    const db = new Deployment(app, 'db', { containers: [{ image: 'db:1' }] });
    const web = new Deployment(app, 'web', { containers: [{ image: 'web:1' }] });
    web.dependsOn(db);
    expect(web.node.dependencies).toEqual([db]);
  });

  test('connections is a facade over this workload', () => {
    const { app } = makeApp();
    const web = new Deployment(app, 'web', { containers: [{ image: 'web:1' }] });
    expect(web.connections).toBe(web.connections);
  });

  test('Job and DaemonSet render their controllers', () => {
    const { app } = makeApp();
    const job = new Job(app, 'migrate', {
      containers: [{ image: 'm:1' }],
      backoffLimit: 2,
      ttlAfterFinished: Duration.hours(1),
    });
    const js = render(job).spec;
    expect(js.selector).toBeUndefined();
    expect(js.backoffLimit).toBe(2);
    expect(js.ttlSecondsAfterFinished).toBe(3600);
    expect(js.template.spec.restartPolicy).toBe('Never');
    const ds = render(new DaemonSet(app, 'agent', { containers: [{ image: 'a:1' }], tolerations: [Toleration.all()] }));
    expect(ds.kind).toBe('DaemonSet');
    expect(ds.spec.replicas).toBeUndefined();
    expect(ds.spec.template.spec.tolerations).toEqual([{ operator: 'Exists' }]);
  });
});
