import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Application, Environment, Platform } from 'berth-k8s';
import * as k8s from '../../lib/imports/k8s';
import { runHelm } from '../support/helm-binary';
import { docs, Obj } from '../support/helm-equivalence';

/**
 * Object names follow the release (`<release>-<name>`). Where that can exceed what the kind
 * allows, the chart fails to render with a message, instead of the API server refusing the
 * object at install. Checked with the real Helm binary.
 */

// 21 characters: with a release name of 41, the Service name is exactly 63.
const SERVICE = 'payments-api-internal';

let out: string;
let chart: string;

beforeAll(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-helm-names-'));
  const platform = new Platform();
  const app = new Application(new Environment(platform, 'prod', { config: {} }), 'pay');
  // Services without a selector (their endpoints are managed elsewhere): no pods needed.
  new k8s.Service(app, 'svc', { metadata: { name: SERVICE }, spec: { ports: [{ name: 'http', port: 80 }] } });
  new k8s.Service(app, 'short', { metadata: { name: 'api' }, spec: { ports: [{ name: 'http', port: 80 }] } });
  new k8s.ConfigMap(app, 'cfg', { metadata: { name: 'payments-api-internal-settings' }, data: { a: 'b' } });
  platform.synth({ outdir: out, format: 'helm', policy: 'none' });
  chart = path.join(out, 'charts', 'pay');
});

afterAll(() => {
  fs.rmSync(out, { recursive: true, force: true });
});

function template(release: string): { status: number | null; names: string[]; stderr: string } {
  const r = runHelm(['template', release, chart, '-f', path.join(chart, 'values-prod.yaml'), '--namespace', 'pay']);
  const names =
    r.status === 0
      ? docs(r.stdout)
          .map((o: Obj) => `${o.kind}/${o.metadata.name}`)
          .sort()
      : [];
  return { status: r.status, names, stderr: r.stderr };
}

test('a release name that keeps every name within its limit renders (here a Service name of exactly 63 characters)', () => {
  const release = 'r'.repeat(41);
  const r = template(release);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.names).toEqual([
    `ConfigMap/${release}-payments-api-internal-settings`,
    `Service/${release}-api`,
    `Service/${release}-${SERVICE}`,
  ]);
  expect(`${release}-${SERVICE}`).toHaveLength(63);
});

test('one character more fails the render, naming the release, the name, its length, the limit and the fix', () => {
  const release = 'r'.repeat(42);
  const r = template(release);
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain(
    `release name "${release}" makes the object name "${release}-${SERVICE}" 64 characters long, ` +
      'and a Service name (a DNS-1035 label) has at most 63. Install the release under a shorter name, or as "pay" (which keeps the plain names).',
  );
});

test('the release named like the app keeps the plain names, whatever their length', () => {
  expect(template('pay').names).toEqual([
    'ConfigMap/payments-api-internal-settings',
    'Service/api',
    `Service/${SERVICE}`,
  ]);
});

test('only names that a release name (at most 53 characters) can push past their limit carry one', () => {
  const text = (f: string): string => fs.readFileSync(path.join(chart, 'templates', f), 'utf8');
  expect(text(`service-${SERVICE}.yaml`)).toContain(`(list . "${SERVICE}" 63 "a Service name (a DNS-1035 label)")`);
  // 53 + 1 + 3 = 57 characters at most: within 63.
  expect(text('service-api.yaml')).toContain('(list . "api")');
  // A ConfigMap name may have 253.
  expect(text('configmap-payments-api-internal-settings.yaml')).toContain('(list . "payments-api-internal-settings")');
});
