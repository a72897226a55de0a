import { App, Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { parseAllDocuments } from 'yaml';
import * as fs from 'fs';
import * as path from 'path';
import { ManifestRecord } from 'berth-k8s';
import { validateManifests } from '../../lib/validate/validate-manifests';
import { runHelm } from '../support/helm-binary';

function records(objects: readonly unknown[], file: string): ManifestRecord[] {
  return objects.map((object) => ({
    environment: '',
    app: '',
    constructPath: '',
    file,
    object: object as ManifestRecord['object'],
    waivers: [],
    dependsOn: [],
  }));
}

describe('output of other generators', () => {
  test('cdk8s-plus-33 output passes schema, grammar and reference checks under the baseline profile', () => {
    const app = new App();
    const chart = new Chart(app, 'web');
    const settings = new kplus.ConfigMap(chart, 'settings', { data: { MODE: 'prod' } });
    const deployment = new kplus.Deployment(chart, 'api', {
      replicas: 2,
      containers: [
        {
          image: 'ghcr.io/acme/api:1.2.3',
          portNumber: 8080,
          envFrom: [kplus.Env.fromConfigMap(settings)],
          resources: {
            cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
            memory: { request: Size.mebibytes(128), limit: Size.mebibytes(128) },
          },
          readiness: kplus.Probe.fromHttpGet('/ready'),
        },
      ],
    });
    deployment.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
    const objects = Testing.synth(chart);
    expect(objects.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'Service']);
    const problems = validateManifests(records(objects, 'cdk8s-plus.k8s.yaml'), { policy: 'baseline' });
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  test('plain kubectl-style YAML with YAML 1.1 scalars and a List passes with policy none', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - apiVersion: v1',
      '    kind: ConfigMap',
      '    metadata: { name: flags }',
      '    data: { enabled: "yes", mode: "0644" }',
      '  - apiVersion: v1',
      '    kind: Service',
      '    metadata: { name: web }',
      '    spec:',
      '      selector: { app: web }',
      '      ports: [{ port: 80, targetPort: http }]',
      '  - apiVersion: apps/v1',
      '    kind: Deployment',
      '    metadata: { name: web }',
      '    spec:',
      '      selector: { matchLabels: { app: web } }',
      '      template:',
      '        metadata: { labels: { app: web } }',
      '        spec:',
      '          containers:',
      '            - name: web',
      '              image: nginx:1.27.2',
      '              ports: [{ name: http, containerPort: 8080 }]',
    ].join('\n');
    const [doc] = parseAllDocuments(text);
    const list = doc.toJS() as { items: unknown[] };
    expect(validateManifests(records(list.items, 'kubectl.yaml'), { policy: 'none' })).toEqual([]);
  });

  test('a real `helm template` render passes the schema, grammar and reference checks', () => {
    const chart = path.resolve(__dirname, '../../bench/contenders/helm-chart');
    const services = ['a', 'b', 'c']
      .map((name, i, all) => `services[${i}].name=${name},services[${i}].caller=${all[(i + 1) % 3]}`)
      .join(',');
    const r = runHelm(['template', 'bench', chart, '--namespace', 'apps', '--set', services]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const objects = parseAllDocuments(r.stdout)
      .map((d) => d.toJS())
      .filter((o) => o !== null);
    expect(objects.length).toBe(18);
    const crds = parseAllDocuments(
      fs.readFileSync(
        path.resolve(__dirname, '../../schemas/crds/snapshot.storage.k8s.io_volumesnapshots.yaml'),
        'utf8',
      ),
    ).map((d) => d.toJS());
    const problems = validateManifests(records(objects, 'helm-render.yaml'), { policy: 'none', crds });
    expect(problems).toEqual([]);
  });
});
