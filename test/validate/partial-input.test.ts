import * as fs from 'fs';
import * as path from 'path';
import { tmpDir } from '../support/file-tree';
import { runValidate as run } from '../support/run-validate';

/**
 * One manifest of a larger set (a chart render, a file of a repository): objects it refers to
 * may be in another input. By default that is an error, as for synth; with --partial a warning.
 */
const PARTIAL = [
  'apiVersion: v1',
  'kind: Service',
  'metadata: { name: web, namespace: shop }',
  'spec: { selector: { app: web }, ports: [{ port: 80, targetPort: 8080 }] }',
  '---',
  'apiVersion: rbac.authorization.k8s.io/v1',
  'kind: RoleBinding',
  'metadata: { name: readers, namespace: shop }',
  'roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader }',
  'subjects: [{ kind: ServiceAccount, name: web, namespace: shop }]',
  '---',
  'apiVersion: autoscaling/v2',
  'kind: HorizontalPodAutoscaler',
  'metadata: { name: web, namespace: shop }',
  'spec:',
  '  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }',
  '  minReplicas: 2',
  '  maxReplicas: 4',
  '',
].join('\n');

function file(): string {
  const f = path.join(tmpDir('berth-partial-'), 'part.yaml');
  fs.writeFileSync(f, PARTIAL);
  return f;
}

interface Reported {
  readonly severity: string;
  readonly rule: string;
  readonly message: string;
}

async function reported(args: string[]): Promise<{ code: number; problems: string[] }> {
  const r = await run([file(), '--policy', 'none', '--format', 'json', ...args]);
  const problems = (JSON.parse(r.stdout).problems as Reported[]).map((p) => `${p.severity} ${p.rule}: ${p.message}`);
  return { code: r.code, problems };
}

test('references to objects outside the input are errors by default (exit 1)', async () => {
  const { code, problems } = await reported([]);
  expect(code).toBe(1);
  expect(problems).toEqual([
    'error reference/hpa-target: the scale target Deployment "web" does not exist in this environment',
    'error reference/role-ref: the Role "reader" does not exist in this environment',
    'error reference/service-selector: the selector app=web selects no pod template in namespace shop',
  ]);
});

test('with --partial they are warnings that say why (exit 0)', async () => {
  const note = ' (the input is partial: it may be in another one)';
  const { code, problems } = await reported(['--partial']);
  expect(code).toBe(0);
  expect(problems).toEqual([
    `warning reference/hpa-target: the scale target Deployment "web" does not exist in this environment${note}`,
    `warning reference/role-ref: the Role "reader" does not exist in this environment${note}`,
    `warning reference/service-selector: the selector app=web selects no pod template in namespace shop${note}`,
  ]);
});

test('--partial with --external declares what exists elsewhere: nothing left to report for it', async () => {
  const { code, problems } = await reported(['--partial', '--external', 'Role/reader', '--external', 'Deployment/web']);
  expect(code).toBe(0);
  expect(problems).toEqual([
    'warning reference/service-selector: the selector app=web selects no pod template in namespace shop (the input is partial: it may be in another one)',
  ]);
});

test('--partial does not lower what is wrong inside the input: a selector that does not match its own template', async () => {
  const f = path.join(tmpDir('berth-partial-'), 'deploy.yaml');
  fs.writeFileSync(
    f,
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: web, namespace: shop }',
      'spec:',
      '  selector: { matchLabels: { app: web } }',
      '  template:',
      '    metadata: { labels: { app: other } }',
      '    spec: { containers: [{ name: web, image: "nginx:1.27.2" }] }',
      '',
    ].join('\n'),
  );
  const r = await run([f, '--policy', 'none', '--format', 'json', '--partial']);
  expect(r.code).toBe(1);
  const rules = (JSON.parse(r.stdout).problems as Reported[]).map((p) => `${p.severity} ${p.rule}`);
  expect(rules).toContain('error reference/workload-selector');
});
