/**
 * VendoredChart checks its values against the chart's values.schema.json (and its subcharts')
 * before Helm renders, as Helm does: the chart's defaults merged with the given values.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Application, Environment, Platform, VendoredChart } from '../../lib';
import { clearHelmBinary, configureHelmBinary } from '../../lib/chart/helm-binary';
import { checkVendoredValues } from '../../lib/chart/chart-values';
import { berth, project } from '../support/berth-project';
import { helmBinary } from '../support/helm-binary';
import { tmpDir } from '../support/file-tree';

const CHARTS = path.resolve(__dirname, '../../third_party/charts');
const CERT_MANAGER = path.join(CHARTS, 'cert-manager');
const WORDPRESS = path.join(CHARTS, 'wordpress');

function app(): Application {
  return new Application(new Environment(new Platform(), 'dev', { config: {} }), 'web');
}

/** A chart folder holding `files` (paths relative to the chart) and a ConfigMap template. */
function chart(files: Record<string, string>): string {
  const dir = path.join(tmpDir('berth-chart-'), 'demo');
  const all: Record<string, string> = {
    'Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 1.0.0\n',
    'templates/cm.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  level: {{ .Values.level | default "INFO" | quote }}\n',
    ...files,
  };
  for (const [f, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

const LEVEL_SCHEMA = JSON.stringify({
  type: 'object',
  properties: { level: { description: 'How much the app logs.', enum: ['INFO', 'DEBUG'] } },
});

beforeEach(() => configureHelmBinary(helmBinary(), 'cdk8s.yaml'));
afterAll(() => clearHelmBinary());

test("a value of the wrong type: its path, the value, what is allowed, the chart's description and the fix", () => {
  expect(() => new VendoredChart(app(), 'certs', { chart: CERT_MANAGER, values: { replicaCount: 'two' } })).toThrow(
    `dev/web/certs: field values.replicaCount: the chart's values.schema.json refuses it: must be number; the chart says: "The number of replicas of the cert-manager controller to run." (got "two"). Allowed: a number. Set values.replicaCount to what ${CERT_MANAGER}/values.schema.json allows, or leave it out for the chart's default.`,
  );
});

test('an unknown key where the schema forbids others: the keys it declares, the nearest one', () => {
  expect(
    () => new VendoredChart(app(), 'certs', { chart: CERT_MANAGER, values: { webhok: { replicaCount: 2 } } }),
  ).toThrow(
    `dev/web/certs: field values.webhok: the chart's values.schema.json refuses it: is not a value of this chart (did you mean "webhook"?). Allowed: the keys the schema declares here: acmesolver, affinity, approveSignerNames, automountServiceAccountToken, cainjector, clusterResourceNamespace, config, containerSecurityContext, crds, creator, deploymentAnnotations, disableAutoApproval, … (61 in all). Remove values.webhok, or correct its name, as ${CERT_MANAGER}/values.schema.json declares the chart's values.`,
  );
});

test('a value outside an enum, and a default of values.yaml the schema refuses: the merged values are checked', () => {
  const dir = chart({ 'values.schema.json': LEVEL_SCHEMA });
  expect(() => new VendoredChart(app(), 'demo', { chart: dir, values: { level: 'TRACE' } })).toThrow(
    `dev/web/demo: field values.level: the chart's values.schema.json refuses it: must be equal to one of the allowed values; the chart says: "How much the app logs." (got "TRACE"). Allowed: one of "INFO", "DEBUG". Set values.level to what ${dir}/values.schema.json allows, or leave it out for the chart's default.`,
  );
  // As Helm: the defaults are checked too, a given value replaces them, a given null removes them.
  const bad = chart({ 'values.schema.json': LEVEL_SCHEMA, 'values.yaml': 'level: TRACE\n' });
  expect(() => new VendoredChart(app(), 'demo', { chart: bad })).toThrow('field values.level:');
  expect(new VendoredChart(app(), 'demo', { chart: bad, values: { level: 'DEBUG' } }).apiObjects).toHaveLength(1);
  expect(new VendoredChart(app(), 'demo', { chart: bad, values: { level: null } }).apiObjects).toHaveLength(1);
});

test("a subchart's values against the subchart's schema, named from the top; several problems listed", () => {
  expect(
    () => new VendoredChart(app(), 'blog', { chart: WORDPRESS, values: { mariadb: { auth: { username: 5 } } } }),
  ).toThrow(
    `dev/web/blog: field values.mariadb.auth.username: the chart's values.schema.json refuses it: must be string; the chart says: "Name for a custom user to create" (got 5). Allowed: a string. Set values.mariadb.auth.username to what ${WORDPRESS}/charts/mariadb/values.schema.json allows, or leave it out for the chart's default.`,
  );
  expect(
    () =>
      new VendoredChart(app(), 'blog', {
        chart: WORDPRESS,
        values: { wordpressUsername: ['admin'], mariadb: { auth: { username: 5 } } },
      }),
  ).toThrow(
    `dev/web/blog: field values: the chart's values.schema.json refuses 2 values: wordpressUsername: must be string (got ["admin"]); mariadb.auth.username: must be string (got 5). Name for a custom user to create. Allowed: values that ${WORDPRESS}/values.schema.json and ${WORDPRESS}/charts/mariadb/values.schema.json accepts. Correct each value named, or leave it out for the chart's default.`,
  );
  // A subchart its condition disables is not rendered, so not checked (as Helm).
  expect(
    new VendoredChart(app(), 'blog', {
      chart: WORDPRESS,
      values: {
        existingSecret: 'site',
        mariadb: { enabled: false, auth: { username: 5 } },
        externalDatabase: { existingSecret: 'db' },
      },
    }).apiObjects.length,
  ).toBeGreaterThan(0);
});

test('a schema that is not JSON, or not a usable schema: the file named, no stack trace', () => {
  const dir = chart({ 'values.schema.json': '{\n  "type": "object",\n  "properties": {\n}\n' });
  expect(() => new VendoredChart(app(), 'demo', { chart: dir })).toThrow(
    new RegExp(
      `^dev/web/demo: field chart: the chart's ${dir}/values\\.schema\\.json:5 cannot be used: not valid JSON: .* \\(got "${dir}"\\)\\. Allowed: a chart whose values\\.yaml is YAML and whose values\\.schema\\.json is a JSON schema \\(or that has none\\)\\. Fix that file of the vendored chart, or vendor the chart again with \`helm pull --untar\`\\.$`,
    ),
  );
  const typo = chart({ 'values.schema.json': JSON.stringify({ type: 'objekt' }) });
  expect(() => new VendoredChart(app(), 'demo', { chart: typo })).toThrow(
    `dev/web/demo: field chart: the chart's ${typo}/values.schema.json cannot be used: not a usable JSON schema: schema is invalid: data/type must be equal to one of the allowed values, data/type must be array, data/type must match a schema in anyOf (got "${typo}").`,
  );
});

test('berth synth: a bad value fails like a validation error, exit code 1, nothing written', () => {
  const dir = project(`
import { Platform, Environment, Application, VendoredChart } from BERTH;
export const platform = new Platform();
const app = new Application(new Environment(platform, 'dev', { config: {} }), 'web');
new VendoredChart(app, 'certs', { chart: ${JSON.stringify(CERT_MANAGER)}, values: { replicaCount: 'two' } });
`);
  fs.appendFileSync(path.join(dir, 'cdk8s.yaml'), `berth:\n  helm: ${helmBinary()}\n  typeCheck: false\n`);
  const r = berth(dir, ['synth']);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain(
    'dev/web/certs: field values.replicaCount: the chart\'s values.schema.json refuses it: must be number; the chart says: "The number of replicas of the cert-manager controller to run." (got "two")',
  );
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
});

test("the reference platform's charts: their values pass their schemas (checked even when the render is cached)", () => {
  const { platform } = require('../../apps/main') as typeof import('../../apps/main');
  const charts = platform.node.findAll().filter((c): c is VendoredChart => c instanceof VendoredChart);
  expect(charts.map((c) => `${c.node.path} ${c.chartName}`).sort()).toEqual([
    'dev/blog/wordpress wordpress',
    'dev/certs/cert-manager cert-manager',
    'dev/redis/operator redis-operator',
    'prod/blog/wordpress wordpress',
    'prod/certs/cert-manager cert-manager',
    'prod/redis/operator redis-operator',
  ]);
  for (const c of charts) expect(checkVendoredValues(c._source.file, c._source.files, c.values)).toEqual([]);
});
