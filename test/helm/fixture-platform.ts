/**
 * A small two-environment platform for the Helm tests, written once as a function of the
 * environment's config, with declared values, a conditional construct, differences left for
 * the chart to derive (an HPA only in prod, per-environment resources and env vars), hooks,
 * a test Pod and a CRD the app owns.
 */
import { Construct } from 'constructs';
import { Application, ChartValues, Conditional, Environment, HelmChart, HelmHook, HelmTest, Platform } from 'berth-k8s';
import * as k8s from '../../lib/imports/k8s';

export interface ShopConfig {
  readonly logLevel: string;
  readonly cpu: string;
  readonly autoscale: boolean;
  readonly extraEnv: boolean;
}

export const ENVIRONMENTS: Readonly<Record<string, { namespace: string; config: ShopConfig }>> = {
  dev: { namespace: 'shop-dev', config: { logLevel: 'debug', cpu: '100m', autoscale: false, extraEnv: true } },
  prod: { namespace: 'shop-prod', config: { logLevel: 'warn', cpu: '500m', autoscale: true, extraEnv: false } },
};

export const MULTI_LINE = 'server.port=8080\nserver.name="shop"\n  indented: yes\n';
export const TEMPLATE_TEXT = 'alert if {{ $value }} > 1';

function shop(env: Environment<ShopConfig>): Application {
  const app = new Application(env, 'shop');
  const config = env.config;
  HelmChart.of(app).configure({ version: '1.2.3', appVersion: '2024.6.1' });
  const v = ChartValues.of(app);
  const replicas = v.number('frontend.replicas', {
    default: 1,
    minimum: 1,
    maximum: 20,
    description: 'Frontend pods',
    perEnvironment: { prod: 3 },
  });
  const tag = v.string('image.tag', {
    default: '1.0.0',
    pattern: '^[0-9]+\\.[0-9]+\\.[0-9]+$',
    perEnvironment: { prod: '1.1.0' },
  });
  const pullPolicy = v.string('image.pullPolicy', {
    default: 'IfNotPresent',
    enum: ['Always', 'IfNotPresent', 'Never'],
  });
  const maxBytes = v.number('frontend.maxBytes', { default: 1000000, perEnvironment: { prod: 123456789012 } });
  const version = v.string('frontend.version', { default: '1.10' });
  const motd = v.string('frontend.motd', { default: 'line one\nline "two"\n  three: 3\n' });
  const flag = v.string('frontend.flag', { default: 'true' });
  const redisEnabled = v.condition('redis.enabled', { default: false, perEnvironment: { prod: true } });

  const labels = { 'app.kubernetes.io/name': 'frontend' };
  new k8s.ServiceAccount(app, 'frontend', { metadata: { labels } });
  new k8s.ConfigMap(app, 'frontend-config', {
    metadata: { labels },
    data: {
      'app.properties': MULTI_LINE,
      LOG_LEVEL: config.logLevel,
      ZIP: '0123',
      ON: 'yes',
      ALERT: TEMPLATE_TEXT,
      VERSION: version,
      MOTD: motd,
      FLAG: flag,
    },
  });
  new k8s.PersistentVolumeClaim(app, 'data', {
    metadata: { labels },
    spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '1Gi' } } },
  });
  const envVars: k8s.EnvVar[] = [
    { name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'frontend-config', key: 'LOG_LEVEL' } } },
    { name: 'MAX_BYTES', value: `${maxBytes}` },
    { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } },
  ];
  const tolerations: k8s.Toleration[] = [{ key: 'dedicated', operator: 'Equal', value: 'shop', effect: 'NoSchedule' }];
  if (config.extraEnv) tolerations.push({ key: 'spot', operator: 'Exists', effect: 'NoSchedule' });
  new k8s.Deployment(app, 'frontend-deploy', {
    metadata: { name: 'frontend', labels, annotations: { 'berth.dev/external-secrets': 'db-credentials' } },
    spec: {
      replicas,
      selector: { matchLabels: { ...labels, 'app.kubernetes.io/instance': 'shop' } },
      template: {
        metadata: { labels: { ...labels, 'app.kubernetes.io/instance': 'shop' } },
        spec: {
          serviceAccountName: 'frontend',
          tolerations,
          containers: [
            {
              name: 'web',
              image: `registry.example.com/shop/frontend:${tag}`,
              imagePullPolicy: pullPolicy,
              args: ['--max-bytes', `${maxBytes}`],
              env: envVars,
              envFrom: [{ configMapRef: { name: 'frontend-config' } }],
              resources: { requests: { cpu: config.cpu, memory: '128Mi' }, limits: { memory: '256Mi' } },
              volumeMounts: [{ name: 'data', mountPath: '/data' }],
            },
          ],
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
        },
      },
    },
  });
  new k8s.Service(app, 'frontend-svc', {
    metadata: { name: 'frontend', labels },
    spec: {
      selector: { ...labels, 'app.kubernetes.io/instance': 'shop' },
      ports: [{ name: 'http', port: 80, targetPort: 8080 }],
    },
  });
  if (config.autoscale) {
    new k8s.HorizontalPodAutoscaler(app, 'frontend-hpa', {
      metadata: { name: 'frontend', labels },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'frontend' },
        minReplicas: 3,
        maxReplicas: 10,
      },
    });
  }
  new k8s.Role(app, 'reader', { rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }] });
  new k8s.RoleBinding(app, 'reader-binding', {
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
    subjects: [{ kind: 'ServiceAccount', name: 'frontend', namespace: ENVIRONMENTS[env.name].namespace }],
  });

  const redis = new Construct(app, 'redis');
  Conditional.when(redisEnabled, redis);
  new k8s.Deployment(redis, 'Resource', {
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': 'redis' } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'redis' } },
        spec: { containers: [{ name: 'redis', image: 'redis:7.2' }] },
      },
    },
  });

  const migrate = new k8s.Job(app, 'migrate', {
    spec: {
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'migrate', image: `registry.example.com/shop/migrate:${tag}` }],
        },
      },
    },
  });
  HelmHook.of(migrate)
    .on('pre-install', { weight: -5, deletePolicy: ['before-hook-creation', 'hook-succeeded'] })
    .on('pre-upgrade');
  new HelmTest(app, 'smoke', { image: 'curlimages/curl:8.10.1', args: ['-fsS', 'http://frontend/healthz'] });

  new k8s.CustomResourceDefinition(app, 'crd', {
    metadata: { name: 'widgets.shop.example.com' },
    spec: {
      group: 'shop.example.com',
      names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  });
  return app;
}

/** The test platform: `shop` in dev and prod. */
export function shopPlatform(): Platform {
  const platform = new Platform();
  for (const [name, e] of Object.entries(ENVIRONMENTS)) {
    shop(new Environment<ShopConfig>(platform, name, { config: e.config, namespace: e.namespace }));
  }
  return platform;
}
