import { JsonPatch } from 'cdk8s';
import * as fs from 'fs';
import * as path from 'path';
import { Application, Deployment, Environment, Platform, Waivers } from '../../lib';
import { readProjectConfig } from '../../lib/cli/project-config';
import { UsageError } from '../../lib/model/usage-error';
import * as k8s from '../../lib/imports/k8s';
import { ManifestRecord } from '../../lib/model/manifest';
import { ValidationFailed } from '../../lib/model/problem';
import { canonicalQuantity, compareAmounts, parseAmount } from '../../lib/validate/semantic/quantity-value';
import { timeZoneError } from '../../lib/model/time-zone';
import { runValidateCommand } from '../../lib/cli/commands/validate-command';
import { validateManifests } from '../../lib/validate/validate-manifests';
import { tmpDir } from '../support/file-tree';
import { thrownInvalidInput } from '../support/invalid-input';

/** What surrounds the API server's rules: quantities, time zones, waivers, the CLI and synth. */

function canonical(v: string | number): string {
  const a = parseAmount(v);
  if (!a) throw new Error(`not a quantity: ${v}`);
  return canonicalQuantity(a);
}

test('quantities print as the API server prints them (Quantity.String())', () => {
  expect(
    [
      '1Gi',
      '1024Mi',
      '0.5Gi',
      '1.5Gi',
      '512',
      '0.5',
      '1000m',
      '2000',
      '1e3',
      '100m',
      '0.5001',
      '-1Gi',
      '0',
      1,
      0.25,
      '1.5',
      '128974848',
    ].map(canonical),
  ).toEqual([
    '1Gi',
    '1Gi',
    '512Mi',
    '1536Mi',
    '512',
    '500m',
    '1',
    '2k',
    '1e3',
    '100m',
    '500100u',
    '-1Gi',
    '0',
    '1',
    '250m',
    '1500m',
    '128974848',
  ]);
  expect(parseAmount('1 Gi')).toBeUndefined();
  expect(parseAmount('Gi')).toBeUndefined();
});

test('quantities compare exactly, whatever their units', () => {
  const cmp = (a: string, b: string): number => compareAmounts(parseAmount(a)!, parseAmount(b)!);
  expect([
    cmp('1.1', '1100m'),
    cmp('1Gi', '1073741824'),
    cmp('1G', '1Gi'),
    cmp('500m', '0.5001'),
    cmp('1e3', '1k'),
    cmp('0.1', '100000u'),
  ]).toEqual([0, 0, -1, -1, 0, 0]);
});

test('time zones: IANA names and their aliases, written as the database writes them', () => {
  for (const zone of [
    'UTC',
    'Europe/Paris',
    'America/Argentina/Buenos_Aires',
    'US/Eastern',
    'Etc/GMT+5',
    'Asia/Kolkata',
    'Europe/Kyiv',
  ]) {
    expect([zone, timeZoneError(zone)]).toEqual([zone, undefined]);
  }
  expect(
    [
      'Mars/Olympus_Mons',
      'america/new_york',
      'us/eastern',
      '+05:00',
      'Europe/../Paris',
      'Antarctica/A_Very_Long_Name',
      'Local',
      'local',
      '',
    ].map((z) => timeZoneError(z)),
  ).toEqual([
    'unknown time zone Mars/Olympus_Mons',
    'unknown time zone america/new_york',
    'unknown time zone us/eastern',
    'unknown time zone +05:00',
    'unknown time zone Europe/../Paris',
    'unknown time zone Antarctica/A_Very_Long_Name',
    'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
    'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
    'timeZone must be nil or non-empty string',
  ]);
});

const SERVICE = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { ports: [{ port: 70000 }] },
};

function record(object: unknown, waivers: ManifestRecord['waivers'] = []): ManifestRecord {
  return {
    environment: 'dev',
    app: 'shop',
    constructPath: 'dev/shop/web',
    object: object as ManifestRecord['object'],
    waivers,
    dependsOn: [],
  };
}

test('no waiver and no setting lowers what the API server refuses', () => {
  const line = 'error api/range spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive';
  const seen = (r: ManifestRecord, severities = {}): string[] =>
    validateManifests([r], { policy: 'none', severities }).map(
      (p) => `${p.severity} ${p.rule} ${p.field}: ${p.message}`,
    );
  expect(seen(record(SERVICE))).toEqual([line]);
  expect(seen(record(SERVICE), { 'api/range': 'off' })).toEqual([line]);
  expect(seen(record(SERVICE), { 'api/range': 'warning' })).toEqual([line]);
  expect(
    seen(record(SERVICE, [{ rule: 'api/range', reason: 'a reason of some length', constructPath: 'dev/shop/web' }])),
  ).toEqual([line]);
});

test('waiving or lowering an api/ rule is refused where it is written', () => {
  const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'shop');
  expect(
    thrownInvalidInput(() => Waivers.of(app).waive('api/range', 'the cluster runs a patched API server')),
  ).toMatchObject({
    path: 'dev/shop',
    value: 'api/range',
    reason: '"api/range" reports what the API server refuses, so no waiver or setting can lower it',
  });
  expect(
    thrownInvalidInput(() => Waivers.of(app).waive('api/ranges', 'the cluster runs a patched API server')).reason,
  ).toBe('there is no API server rule "api/ranges", and none can be waived or lowered');
  const dir = tmpDir('berth-config-');
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'app: main.ts\nberth:\n  rules:\n    api/resources: warning\n');
  expect(() => readProjectConfig(dir)).toThrow(UsageError);
  expect(() => readProjectConfig(dir)).toThrow(
    'berth.rules: "api/resources" reports what the API server refuses, so no waiver or setting can lower it',
  );
});

test('berth validate reports what the API server would refuse, with its field path and words, and exits 1', async () => {
  const dir = tmpDir('berth-validate-api-');
  const file = path.join(dir, 'app.yaml');
  fs.writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: web, namespace: shop}',
      'spec:',
      '  ports: [{port: 70000}]',
      '---',
      'apiVersion: policy/v1',
      'kind: PodDisruptionBudget',
      'metadata: {name: web, namespace: shop}',
      'spec: {minAvailable: 1, maxUnavailable: 1}',
      '---',
      'apiVersion: batch/v1',
      'kind: CronJob',
      'metadata: {name: report, namespace: shop}',
      'spec: {schedule: "0 3 * * *", timeZone: Europe/Pariss, jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: r, image: "r:1"}]}}}}}',
      '',
    ].join('\n'),
  );
  let stdout = '';
  const code = await runValidateCommand([file, '--policy', 'none'], {
    stdout: (s) => {
      stdout += s;
    },
    stderr: () => undefined,
    readStdin: async () => Buffer.alloc(0),
  });
  expect(code).toBe(1);
  expect(stdout).toContain(
    'error api/range at spec.ports[0].port\n    Invalid value: 70000: must be between 1 and 65535, inclusive\n',
  );
  expect(stdout).toContain(
    'error api/one-of at spec\n    Invalid value: {"minAvailable":1,"maxUnavailable":1}: minAvailable and maxUnavailable cannot be both set\n',
  );
  expect(stdout).toContain(
    'error api/format at spec.timeZone\n    Invalid value: "Europe/Pariss": unknown time zone Europe/Pariss\n    value: "Europe/Pariss"\n    fix: Did you mean "Europe/Paris"? Or remove timeZone for the controller\'s own zone.\n',
  );
  expect(stdout).toContain('3 errors, 0 warnings');
});

test('synth refuses an object the API server would refuse, made through an escape hatch', () => {
  const platform = new Platform();
  const app = new Application(new Environment(platform, 'dev', { config: {} }), 'shop');
  const web = new Deployment(app, 'web', {
    containers: [{ image: 'ghcr.io/acme/web:1.2.3', ports: [{ port: 8080 }] }],
  });
  web.addJsonPatch(JsonPatch.add('/spec/template/spec/restartPolicy', 'Never'));
  new k8s.Service(app, 'legacy', {
    metadata: { name: 'legacy' },
    spec: { type: 'ClusterIP', ports: [{ port: 80, nodePort: 30080 }] },
  });
  let problems: string[] = [];
  try {
    platform.synth({ dryRun: true, policy: 'none' });
  } catch (e) {
    if (!(e instanceof ValidationFailed)) throw e;
    problems = e.problems.map((p) => `${p.rule} ${p.constructPath} ${p.field}: ${p.message}`);
  }
  expect(problems).toEqual([
    'api/workload dev/shop/web spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    "api/combination dev/shop/legacy spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
  ]);
});
