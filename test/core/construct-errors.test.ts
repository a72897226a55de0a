import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Construct } from 'constructs';
import {
  ApiResource,
  Application,
  ConnectionIsolation,
  CustomResourceDefinitions,
  Deployment,
  Environment,
  HelmHook,
  Peer,
  Platform,
  Waivers,
} from '../../lib';
import { thrownInvalidInput as thrown } from '../support/invalid-input';

function shop(namespace?: string): { platform: Platform; app: Application } {
  const platform = new Platform();
  const app = new Application(
    new Environment(platform, 'dev', { config: {} }),
    'shop',
    namespace === undefined ? {} : { namespace },
  );
  return { platform, app };
}

describe('every construct error is an InvalidInputError naming the path, the field and the fix', () => {
  test('a construct outside an Application or an Environment', () => {
    const platform = new Platform();
    const loose = new Construct(platform, 'Loose');
    expect(thrown(() => Application.of(loose))).toMatchObject({
      path: 'Loose',
      field: 'scope',
      reason: 'not inside an Application',
    });
    expect(thrown(() => Environment.of(loose))).toMatchObject({
      path: 'Loose',
      field: 'scope',
      reason: 'not inside an Environment',
    });
    expect(() => Application.of(platform)).toThrow('(root): field scope: not inside an Application.');
  });

  test("an app id that cannot be the value of its objects' part-of and instance labels", () => {
    const env = new Environment(new Platform(), 'dev', { config: {} });
    // No letter or digit: it would give the app no namespace and every object a bad label.
    expect(thrown(() => new Application(env, '__'))).toMatchObject({
      path: 'dev/__',
      field: 'id',
      value: '__',
      reason: 'not a valid label value',
    });
    expect(thrown(() => new Application(env, 'shop front'))).toMatchObject({
      path: 'dev/shop front',
      field: 'id',
      hint: 'Did you mean "shop-front"?',
    });
    expect(thrown(() => new Application(env, 'x'.repeat(64))).reason).toBe('not a valid label value');
    expect(new Application(env, 'Shop_2.0').appName).toBe('Shop_2.0');
  });

  test('a waiver without a written reason', () => {
    const { app } = shop();
    const e = thrown(() => Waivers.of(app).waive('policy/run-as-non-root', 'because'));
    expect(e).toMatchObject({
      path: 'dev/shop',
      field: 'waive("policy/run-as-non-root", reason)',
      value: 'because',
      allowed: 'a written reason of at least 10 characters',
    });
  });

  test('a waiver for a rule that does not exist (it would waive nothing)', () => {
    const { app } = shop();
    expect(
      thrown(() => Waivers.of(app).waive('policy/read-only-root-filesytem', 'the vendor image writes to /tmp')),
    ).toMatchObject({
      path: 'dev/shop',
      value: 'policy/read-only-root-filesytem',
      reason: 'there is no policy rule "policy/read-only-root-filesytem"',
      hint: 'Did you mean "policy/read-only-root-filesystem"?',
    });
    expect(
      thrown(() => Waivers.of(app).waive('read-only-root-filesystem', 'the vendor image writes to /tmp')).reason,
    ).toContain('is not a rule name');
    Waivers.of(app).waive('reference/missing-secret', 'the secret is created by the vault operator');
  });

  test('Helm hook input', () => {
    const { app } = shop();
    const job = new ApiResource(app, 'migrate', { apiVersion: 'batch/v1', kind: 'Job' });
    expect(thrown(() => HelmHook.of(job).on('pre-install', { weight: 1.5 }))).toMatchObject({
      path: 'dev/shop/migrate',
      value: 1.5,
      reason: 'not a whole number',
    });
    const group = new Construct(app, 'Group');
    expect(thrown(() => HelmHook.of(group))).toMatchObject({
      path: 'dev/shop/Group',
      reason: 'HelmHook needs one API object',
      value: '0 API objects',
    });
  });

  test('a CRD file that cannot be read, is not YAML, or holds no CRD', () => {
    const { app } = shop();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-crd-'));
    const missing = path.join(dir, 'missing.yaml');
    expect(thrown(() => new CustomResourceDefinitions(app, 'Missing', { file: missing }))).toMatchObject({
      path: 'dev/shop/Missing',
      field: 'file',
      value: missing,
      reason: 'cannot read the file: ENOENT',
    });
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, 'a: [1\n');
    expect(thrown(() => new CustomResourceDefinitions(app, 'Bad', { file: bad })).reason).toMatch(
      /^document 0 is not valid YAML: /,
    );
    const none = path.join(dir, 'none.yaml');
    fs.writeFileSync(none, 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n');
    expect(thrown(() => new CustomResourceDefinitions(app, 'None', { file: none }))).toMatchObject({
      reason: 'the file holds no CustomResourceDefinition',
    });
  });

  test('network connections: isolation by peer needs a workload, and the policy id must be free', () => {
    const { app } = shop('shop');
    const web = new Deployment(app, 'web', { containers: [{ image: 'nginx:1.27', ports: [{ port: 8080 }] }] });
    expect(
      thrown(() => web.connections.allowTo(Peer.namespace('monitoring'), { isolation: ConnectionIsolation.PEER })),
    ).toMatchObject({ path: 'dev/shop/web', field: 'connections.allowTo(options.isolation)', value: 'PEER' });
    const api = new Deployment(app, 'api', { containers: [{ image: 'api:1.0', ports: [{ port: 9090 }] }] });
    new Construct(web, 'NetworkPolicyEgress-api');
    expect(thrown(() => web.connections.allowTo(api))).toMatchObject({
      path: 'dev/shop/web',
      field: 'connections',
      value: 'NetworkPolicyEgress-api',
    });
  });

  test('a namespace that is not a DNS-1123 label, on an Environment or an Application', () => {
    const platform = new Platform();
    // An empty namespace would leave the objects without one: kubectl would apply them wherever its context points.
    expect(thrown(() => new Environment(platform, 'qa', { config: {}, namespace: '' }))).toMatchObject({
      path: 'qa',
      field: 'namespace',
      value: '',
    });
    expect(thrown(() => new Environment(platform, 'uat', { config: {}, namespace: 'Team_A' }))).toMatchObject({
      path: 'uat',
      field: 'namespace',
      value: 'Team_A',
    });
    const env = new Environment(platform, 'dev', { config: {}, namespace: 'team-a' });
    expect(thrown(() => new Application(env, 'shop', { namespace: '' }))).toMatchObject({
      path: 'dev/shop',
      field: 'namespace',
      value: '',
    });
    expect(new Application(env, 'cart').namespace).toBe('team-a');
    expect(new Application(env, 'web', { namespace: 'web' }).namespace).toBe('web');
  });
});
