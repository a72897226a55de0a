/**
 * Micro-benchmark: serializing 6000 Deployment-like objects with `toYaml`
 * (lib/synth/yaml.ts), the `yaml` package's `stringify` and js-yaml's `dump`.
 *
 * Not run by the tests. Run it compiled, e.g.
 *   npx tsc --outDir /tmp/bench-yaml --target ES2022 --module commonjs --moduleResolution node \
 *     --esModuleInterop --skipLibCheck --types node bench/yaml.ts && node /tmp/bench-yaml/bench/yaml.js
 */
import * as jsyaml from 'js-yaml';
import * as YAML from 'yaml';
import { toYaml } from '../lib/yaml/yaml';

const OBJECTS = 6000;
const ROUNDS = 7;

/** A Deployment of realistic shape and size; names, images and numbers vary with `i`. */
export function deployment(i: number): Record<string, unknown> {
  const app = `service-${i % 500}`;
  const labels = {
    'app.kubernetes.io/name': app,
    'app.kubernetes.io/instance': `${app}-${i}`,
    'app.kubernetes.io/managed-by': 'berth',
    'app.kubernetes.io/part-of': `platform-${i % 7}`,
    'app.kubernetes.io/version': `1.${i % 30}.${i % 11}`,
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: `${app}-${i}`,
      namespace: `team-${i % 40}`,
      labels,
      annotations: {
        'berth.dev/checksum': `sha256:${(i * 2654435761).toString(16).padStart(16, '0')}`,
        'deployment.kubernetes.io/revision': String(i % 13),
        'berth.dev/description': `Serves ${app}: handles requests, #${i}`,
      },
    },
    spec: {
      replicas: 1 + (i % 5),
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      selector: { matchLabels: { 'app.kubernetes.io/name': app, 'app.kubernetes.io/instance': `${app}-${i}` } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels, annotations: {} },
        spec: {
          serviceAccountName: app,
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 10001,
            fsGroup: 10001,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'app',
              image: `registry.example.com/team-${i % 40}/${app}:1.${i % 30}.${i % 11}`,
              imagePullPolicy: 'IfNotPresent',
              args: ['--port', '8080', '--log-level', i % 2 ? 'info' : 'debug', '--enable-metrics=true'],
              ports: [
                { name: 'http', containerPort: 8080, protocol: 'TCP' },
                { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
              ],
              env: [
                { name: 'APP_NAME', value: app },
                { name: 'FEATURE_ENABLED', value: i % 3 ? 'true' : 'no' },
                { name: 'MAX_CONNECTIONS', value: String(100 + (i % 900)) },
                { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: `${app}-db`, key: 'url' } } },
              ],
              resources: {
                limits: { cpu: '500m', memory: `${128 * (1 + (i % 4))}Mi` },
                requests: { cpu: `${100 + (i % 4) * 50}m`, memory: '64Mi' },
              },
              readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10, failureThreshold: 3 },
              livenessProbe: { httpGet: { path: '/livez', port: 'http' }, initialDelaySeconds: 5, timeoutSeconds: 1.5 },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [
                { name: 'config', mountPath: '/etc/app', readOnly: true },
                { name: 'tmp', mountPath: '/tmp' },
              ],
              ...(i % 10 === 0
                ? { command: ['/bin/sh', '-c', 'set -e\nexec /app/server \\\n  --config /etc/app/config.yaml\n'] }
                : {}),
            },
          ],
          volumes: [
            { name: 'config', configMap: { name: `${app}-config`, defaultMode: 420 } },
            { name: 'tmp', emptyDir: {} },
          ],
          tolerations: [],
          nodeSelector: { 'kubernetes.io/os': 'linux' },
        },
      },
    },
  };
}

function time(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

export function runYamlBench(): void {
  const docs = Array.from({ length: OBJECTS }, (_, i) => deployment(i));
  const contenders: Array<[string, (d: unknown) => string]> = [
    ['berth toYaml', (d) => toYaml(d)],
    ['yaml.stringify', (d) => YAML.stringify(d)],
    ['js-yaml dump', (d) => jsyaml.dump(d, { noRefs: true })],
  ];

  // Sanity: our output reads back as the input.
  const sample = toYaml(docs[10]);
  if (JSON.stringify(YAML.parse(sample, { version: '1.1' })) !== JSON.stringify(docs[10])) {
    throw new Error('toYaml output does not read back as the input');
  }

  const results: Array<[string, number, number]> = [];
  for (const [name, fn] of contenders) {
    const runAll = (): void => {
      let bytes = 0;
      for (let i = 0; i < docs.length; i++) bytes += fn(docs[i]).length;
      if (bytes === 0) throw new Error('nothing written');
    };
    runAll(); // warm-up
    const times: number[] = [];
    for (let r = 0; r < ROUNDS; r++) times.push(time(runAll));
    results.push([name, median(times), Math.min(...times)]);
  }
  const base = results[0][1];
  console.log(`${OBJECTS} Deployment-like objects, median / best of ${ROUNDS} rounds after warm-up`);
  for (const [name, med, best] of results) {
    console.log(
      `${name.padEnd(16)} ${med.toFixed(1).padStart(8)} ms  (best ${best.toFixed(1)} ms)  ${(med / base).toFixed(2)}x`,
    );
  }
}

if (require.main === module) runYamlBench();
