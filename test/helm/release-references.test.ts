import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  Application,
  CronJob,
  Deployment,
  Environment,
  EnvValue,
  Platform,
  Service,
  StatefulSet,
  Waivers,
} from 'berth-k8s';
import { runHelm } from '../support/helm-binary';
import { docs, Obj, withoutHelmLabels } from '../support/helm-equivalence';

const ENVS = ['dev', 'prod'] as const;
const IMAGE = 'ghcr.io/acme/tool:1.0.0';

/** An app whose container text refers to its own database Service, through the accessors and literally. */
function shop(env: Environment, literal: boolean): { db: Service; api: Deployment } {
  const app = new Application(env, 'shop');
  const db = new StatefulSet(app, 'db', {});
  db.addContainer({ image: 'postgres:16.4', ports: [{ port: 5432, name: 'pg' }] });
  const svc = db.exposeViaService();
  const api = new Deployment(app, 'api', {
    containers: [
      {
        image: IMAGE,
        env: {
          DATABASE_HOST: EnvValue.fromValue(svc.serviceName),
          DATABASE_URL: EnvValue.fromValue(`postgres://${svc.dnsName}:5432/shop`),
          ...(literal ? { LITERAL_HOST: EnvValue.fromValue('db') } : {}),
        },
        command: ['pg_isready', '-h', svc.serviceName],
      },
    ],
  });
  return { db: svc, api };
}

function plainObjects(out: string, env: string, app: string): Obj[] {
  const dir = path.join(out, env, app);
  return fs
    .readdirSync(dir)
    .filter((f) => f !== 'kustomization.yaml')
    .flatMap((f) => docs(fs.readFileSync(path.join(dir, f), 'utf8')))
    .map(withoutHelmLabels);
}

const byKindName = (a: Obj, b: Obj): number =>
  `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`);

/** `helm template <app>` of the chart with the environment's values renders the plain folder's objects. */
function expectEquivalent(out: string, app: string, env: string, namespace: string): void {
  const chart = path.join(out, 'charts', app);
  const r = runHelm(['template', app, chart, '-f', path.join(chart, `values-${env}.yaml`), '--namespace', namespace]);
  expect(r.stderr).toBe('');
  const rendered = docs(r.stdout).map(withoutHelmLabels).sort(byKindName);
  expect(rendered).toEqual(plainObjects(out, env, app).sort(byKindName));
}

describe('service.serviceName and service.dnsName', () => {
  let out: string;
  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-names-'));
    const platform = new Platform();
    for (const name of ENVS) shop(new Environment(platform, name, { config: {}, namespace: `shop-${name}` }), false);
    platform.synth({ outdir: out, format: 'all', policy: 'none' });
  });
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test('render as the name and <name>.<namespace>.svc in plain output', () => {
    const api = plainObjects(out, 'dev', 'shop').find((o) => o.kind === 'Deployment')!;
    const c = api.spec.template.spec.containers[0];
    expect(c.env).toEqual([
      { name: 'DATABASE_HOST', value: 'db' },
      { name: 'DATABASE_URL', value: 'postgres://db.shop-dev.svc:5432/shop' },
    ]);
    expect(c.command).toEqual(['pg_isready', '-h', 'db']);
  });

  test('render as the templated name in the chart', () => {
    const t = fs.readFileSync(path.join(out, 'charts', 'shop', 'templates', 'deployment-api.yaml'), 'utf8');
    expect(t).toContain('value: {{ include "shop.name" (list . "db") | toJson }}');
    expect(t).toContain(
      'value: {{ list "postgres://" (include "shop.name" (list . "db")) "." (.Release.Namespace) ".svc:5432/shop" | join "" | toJson }}',
    );
    expect(t).toContain('- {{ include "shop.name" (list . "db") | toJson }}');
  });

  test.each(ENVS)('helm template of %s under the app name gives back the plain objects', (env) => {
    expectEquivalent(out, 'shop', env, `shop-${env}`);
  });

  test('under another release name and namespace, the text follows the renamed Service', () => {
    const chart = path.join(out, 'charts', 'shop');
    const r = runHelm(['template', 'blue', chart, '-f', path.join(chart, 'values-prod.yaml'), '--namespace', 'team-a']);
    expect(r.stderr).toBe('');
    const objects = docs(r.stdout);
    expect(objects.filter((o) => o.kind === 'Service').map((o) => o.metadata.name)).toEqual([
      'blue-db-headless',
      'blue-db',
    ]);
    const c = objects.find((o) => o.kind === 'Deployment')!.spec.template.spec.containers[0];
    expect(c.env).toEqual([
      { name: 'DATABASE_HOST', value: 'blue-db' },
      { name: 'DATABASE_URL', value: 'postgres://blue-db.team-a.svc:5432/shop' },
    ]);
    expect(c.command).toEqual(['pg_isready', '-h', 'blue-db']);
  });

  test("another app's Service is named literally in the chart (it is not the release's)", () => {
    const platform = new Platform();
    const env = new Environment(platform, 'dev', { config: {} });
    const { db } = shop(env, false);
    const other = new Application(env, 'reports');
    new Deployment(other, 'reader', {
      containers: [{ image: IMAGE, env: { DB: EnvValue.fromValue(db.dnsName) } }],
    });
    const result = platform.synth({ dryRun: true, format: 'helm', policy: 'none' });
    const t = result.contents.get('charts/reports/templates/deployment-reader.yaml')!;
    expect(t).toMatch(/- name: DB\n +value: db\.shop\.svc\n/);
  });
});

describe('helm/literal-object-name', () => {
  function warnings(platform: Platform): { field?: string; message: string; hint: string; constructPath?: string }[] {
    const result = platform.synth({ dryRun: true, format: 'helm', policy: 'none' });
    return result.warnings
      .filter((p) => p.rule === 'helm/literal-object-name')
      .map((p) => ({
        field: p.field,
        message: p.message,
        hint: p.hint,
        constructPath: p.constructPath,
        severity: p.severity,
      }));
  }

  test('a literal env value, command word or argument naming an object of the app is a warning, once per field', () => {
    const platform = new Platform();
    for (const name of ENVS) {
      const env = new Environment(platform, name, { config: {} });
      shop(env, true);
      new CronJob(Application.of(env.node.findChild('shop')), 'backup', {
        schedule: '0 2 * * *',
        containers: [{ image: IMAGE, command: ['pg_dump', '-h', 'db.shop.svc'], args: ['--role', 'api'] }],
      });
    }
    expect(warnings(platform)).toEqual([
      {
        field: 'spec.template.spec.containers[name=api].env[name=LITERAL_HOST].value',
        message:
          '"db" is the name of Service, ServiceAccount and StatefulSet db of this app written as text: under another release name the chart names them <release>-db, and this text still says "db"',
        hint: "Use the Service's accessor instead of the literal: `service.serviceName` (`${db.serviceName}` inside a longer string), which follows the release name.",
        constructPath: 'dev/shop/api',
        severity: 'warning',
      },
      {
        field: 'spec.jobTemplate.spec.template.spec.containers[name=backup].command[2]',
        message:
          '"db.shop.svc" is the name of Service db of this app written as text: under another release name the chart names that Service <release>-db, and this text still says "db.shop.svc"',
        hint: "Use the Service's accessor instead of the literal: `service.dnsName` (`${db.serviceName}` inside a longer string), which follows the release name.",
        constructPath: 'dev/shop/backup',
        severity: 'warning',
      },
      {
        field: 'spec.jobTemplate.spec.template.spec.containers[name=backup].args[1]',
        message:
          '"api" is the name of Deployment and ServiceAccount api of this app written as text: under another release name the chart names them <release>-api, and this text still says "api"',
        hint: "Build the text from the object's name in the program rather than a literal, or waive helm/literal-object-name with a reason if the text does not mean them.",
        constructPath: 'dev/shop/backup',
        severity: 'warning',
      },
    ]);
  });

  test('the accessors give no warning, and a waiver on the construct drops it', () => {
    const platform = new Platform();
    const env = new Environment(platform, 'dev', { config: {} });
    const { api } = shop(env, true);
    Waivers.of(api).waive(
      'helm/literal-object-name',
      'LITERAL_HOST names an external host alias that happens to be db',
    );
    expect(warnings(platform)).toEqual([]);
  });
});

describe('derived value names come from list-map keys, not list positions', () => {
  let out: string;
  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-keys-'));
    const platform = new Platform();
    for (const name of ENVS) {
      const app = new Application(new Environment(platform, name, { config: {} }), 'mysql');
      new CronJob(app, 'backup', {
        schedule: '0 2 * * *',
        containers: [
          {
            image: IMAGE,
            // Same length in both environments: merged by position before, as `backup.item2`.
            command: ['mysqldump', '--all-databases', name === 'prod' ? '--single-transaction' : '--quick'],
            env: { LEVEL: EnvValue.fromValue(name === 'prod' ? 'warn' : 'debug') },
          },
        ],
      });
    }
    platform.synth({ outdir: out, format: 'all', policy: 'none' });
  });
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test('a container command that differs is the value backup.containers.backup.command', () => {
    const chart = path.join(out, 'charts', 'mysql');
    const values = (f: string): Obj => docs(fs.readFileSync(path.join(chart, f), 'utf8'))[0];
    // The first environment's values are the chart defaults.
    expect(values('values.yaml')).toEqual({
      backup: {
        LEVEL: 'debug',
        containers: { backup: { command: ['mysqldump', '--all-databases', '--quick'] } },
      },
    });
    expect(values('values-prod.yaml')).toEqual({
      backup: {
        LEVEL: 'warn',
        containers: { backup: { command: ['mysqldump', '--all-databases', '--single-transaction'] } },
      },
    });
    const t = fs.readFileSync(path.join(chart, 'templates', 'cronjob-backup.yaml'), 'utf8');
    expect(t).toContain('command: {{- toYaml .Values.backup.containers.backup.command | nindent');
    expect(t).not.toContain('item');
  });

  test.each(ENVS)('helm template of %s gives back the plain objects', (env) => {
    expectEquivalent(out, 'mysql', env, 'mysql');
  });
});

test('a StatefulSet takes service.serviceName as its serviceName: checked as the name, rendered as it', () => {
  const platform = new Platform();
  const app = new Application(new Environment(platform, 'dev', { config: {} }), 'shop');
  const pods = new StatefulSet(app, 'pods', {});
  pods.addContainer({ image: IMAGE, ports: [{ port: 80 }] });
  const svc = pods.exposeViaService({ name: 'pods-dns' });
  const db = new StatefulSet(app, 'db', { serviceName: svc.serviceName });
  db.addContainer({ image: IMAGE });
  expect((db.toJson().spec as { serviceName: string }).serviceName).toBe('pods-dns');
  expect(() => new StatefulSet(app, 'bad', { serviceName: 'Not_A_Label' })).toThrow(
    'dev/shop/bad: field serviceName: not a valid DNS-1123 label (got "Not_A_Label").',
  );
});
