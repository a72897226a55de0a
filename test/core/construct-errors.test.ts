import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Construct } from 'constructs';
import {
  ApiResource, Application, ConnectionIsolation, CustomResourceDefinitions, Deployment, Environment, HelmHook,
  Peer, PersistentVolumeClaim, Platform, Waivers,
} from '../../lib';
import { thrownInvalidInput as thrown } from '../support/invalid-input';

function shop(namespace?: string): { platform: Platform; app: Application } {
  const platform = new Platform();
  const app = new Application(new Environment(platform, 'dev', { config: {} }), 'shop', namespace === undefined ? {} : { namespace });
  return { platform, app };
}

describe('every construct error is an InvalidInputError naming the path, the field and the fix', () => {
  test('a construct outside an Application or an Environment', () => {
    const platform = new Platform();
    const loose = new Construct(platform, 'Loose');
    expect(thrown(() => Application.of(loose))).toMatchObject({ path: 'Loose', field: 'scope', reason: 'not inside an Application' });
    expect(thrown(() => Environment.of(loose))).toMatchObject({ path: 'Loose', field: 'scope', reason: 'not inside an Environment' });
    expect(() => Application.of(platform)).toThrow('(root): field scope: not inside an Application.');
  });

  test('a waiver without a written reason', () => {
    const { app } = shop();
    const e = thrown(() => Waivers.of(app).waive('policy/run-as-non-root', 'because'));
    expect(e).toMatchObject({ path: 'dev/shop', field: 'waive("policy/run-as-non-root", reason)', value: 'because', allowed: 'a written reason of at least 10 characters' });
  });

  test('Helm hook input', () => {
    const { app } = shop();
    const job = new ApiResource(app, 'migrate', { apiVersion: 'batch/v1', kind: 'Job' });
    expect(thrown(() => HelmHook.of(job).on('pre-install', { weight: 1.5 }))).toMatchObject({ path: 'dev/shop/migrate', value: 1.5, reason: 'not a whole number' });
    const group = new Construct(app, 'Group');
    expect(thrown(() => HelmHook.of(group))).toMatchObject({ path: 'dev/shop/Group', reason: 'HelmHook needs one API object', value: '0 API objects' });
  });

  test('a CRD file that cannot be read, is not YAML, or holds no CRD', () => {
    const { app } = shop();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-crd-'));
    const missing = path.join(dir, 'missing.yaml');
    expect(thrown(() => new CustomResourceDefinitions(app, 'Missing', { file: missing }))).toMatchObject({ path: 'dev/shop/Missing', field: 'file', value: missing, reason: 'cannot read the file: ENOENT' });
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, 'a: [1\n');
    expect(thrown(() => new CustomResourceDefinitions(app, 'Bad', { file: bad })).reason).toMatch(/^document 0 is not valid YAML: /);
    const none = path.join(dir, 'none.yaml');
    fs.writeFileSync(none, 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n');
    expect(thrown(() => new CustomResourceDefinitions(app, 'None', { file: none }))).toMatchObject({ reason: 'the file holds no CustomResourceDefinition' });
  });

  test('network connections: isolation by peer needs a workload, and the policy id must be free', () => {
    const { app } = shop('shop');
    const web = new Deployment(app, 'web', { containers: [{ image: 'nginx:1.27', ports: [{ port: 8080 }] }] });
    expect(thrown(() => web.connections.allowTo(Peer.namespace('monitoring'), { isolation: ConnectionIsolation.PEER })))
      .toMatchObject({ path: 'dev/shop/web', field: 'connections.allowTo(options.isolation)', value: 'PEER' });
    const api = new Deployment(app, 'api', { containers: [{ image: 'api:1.0', ports: [{ port: 9090 }] }] });
    new Construct(web, 'NetworkPolicyEgress-api');
    expect(thrown(() => web.connections.allowTo(api))).toMatchObject({ path: 'dev/shop/web', field: 'connections', value: 'NetworkPolicyEgress-api' });
  });

  test('a claim in an app whose name gives no namespace', () => {
    const platform = new Platform();
    // An id without a letter or digit reads as an empty name: the app gets no namespace.
    const app = new Application(new Environment(platform, 'dev', { config: {} }), '__');
    expect(thrown(() => PersistentVolumeClaim.fromClaimName(app, 'Legacy', 'legacy-data'))).toMatchObject({ path: 'dev/__/Legacy', field: 'namespace', reason: 'the app has no namespace' });
  });
});
