import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  Application,
  ClusterRole,
  ClusterRoleBinding,
  ConfigMap,
  Environment,
  Platform,
  Role,
  RoleBinding,
  Secret,
  SecretRef,
  ServiceAccount,
  Subject,
} from '../../lib';

function setup() {
  const platform = new Platform();
  const env = new Environment(platform, 'prod', { config: {} });
  const app = new Application(env, 'redis');
  return { platform, app };
}

const appLabels = {
  'app.kubernetes.io/instance': 'redis',
  'app.kubernetes.io/managed-by': 'berth',
  'app.kubernetes.io/part-of': 'redis',
};

describe('ConfigMap', () => {
  test('renders literal data, binary data base64 and data added later', () => {
    const { app } = setup();
    const cm = new ConfigMap(app, 'Settings', {
      name: 'settings',
      data: { LOG_LEVEL: 'info' },
      binaryData: { 'logo.bin': Uint8Array.from([0, 1, 255]) },
    });
    cm.addData('FEATURE_X', 'on');
    expect(cm.toJson()).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'redis', labels: appLabels },
      data: { FEATURE_X: 'on', LOG_LEVEL: 'info' },
      binaryData: { 'logo.bin': 'AAH/' },
    });
    expect(cm.configMapName).toBe('settings');
    expect(cm.keys).toEqual(['FEATURE_X', 'LOG_LEVEL', 'logo.bin']);
  });

  test('addFile reads the file at construction: text to data, other bytes to binaryData', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-cm-'));
    fs.writeFileSync(path.join(dir, 'redis.conf'), 'maxmemory 256mb\n');
    fs.writeFileSync(path.join(dir, 'blob'), Buffer.from([0xff, 0xfe, 0x00]));
    const { app } = setup();
    const cm = ConfigMap.fromFiles(app, 'Conf', [path.join(dir, 'redis.conf')]);
    cm.addFile(path.join(dir, 'blob'), { key: 'blob.bin' });
    fs.writeFileSync(path.join(dir, 'redis.conf'), 'changed after construction\n');
    const json = cm.toJson();
    expect(json.data).toEqual({ 'redis.conf': 'maxmemory 256mb\n' });
    expect(json.binaryData).toEqual({ 'blob.bin': '//4A' });
    expect((json.metadata as { name: string }).name).toBe('conf');
    expect(() => cm.addFile(path.join(dir, 'missing.conf'))).toThrow(
      `prod/redis/Conf: field data.missing.conf: cannot read the file: ENOENT (got ${JSON.stringify(path.join(dir, 'missing.conf'))})`,
    );
  });

  test('bad and duplicate keys are refused', () => {
    const { app } = setup();
    const cm = new ConfigMap(app, 'Settings', { data: { a: '1' } });
    expect(() => cm.addData('a', '2')).toThrow(
      'prod/redis/Settings: field data.a: the key is already set (got "a"). Allowed: each key once, across data and binaryData.',
    );
    expect(() => cm.addData('bad key', 'x')).toThrow(
      'prod/redis/Settings: field data.bad key: not a valid data key (got "bad key"). Allowed: letters, digits, "-", "_" and ".", at most 253 characters. Rename the key, e.g. "bad-key".',
    );
  });

  test('1 MiB of keys and values, text (UTF-8 bytes) and binary together, is the most it holds', () => {
    const { app } = setup();
    const cm = new ConfigMap(app, 'Big', { data: { a: 'x'.repeat(500_000) } });
    // 2 bytes per "é" in UTF-8: 1 + 500,000 + 2 + 2 * 250,000 = 1,000,003 bytes so far.
    cm.addData('bb', 'é'.repeat(250_000));
    cm.addBinaryData('c', new Uint8Array(1024 * 1024 - 1_000_003 - 1));
    expect(cm.keys).toEqual(['a', 'bb', 'c']);
    // One more byte is one too many.
    expect(() => cm.addData('d', '')).toThrow(
      'prod/redis/Big: field data: more than a ConfigMap holds (got "1048577 bytes"). Allowed: at most 1048576 bytes.',
    );
    // What was refused is not kept.
    expect(cm.keys).toEqual(['a', 'bb', 'c']);
    expect(() => cm.addBinaryData('e', new Uint8Array(0))).toThrow(/got "1048577 bytes"/);
    // Many small keys are counted as they come (thousands of files in one ConfigMap).
    const many = new ConfigMap(app, 'Many');
    for (let i = 0; i < 5000; i++) many.addData(`key-${i}`, 'v'.repeat(200));
    expect(many.keys).toHaveLength(5000);
    expect(() => many.addData('last', 'v'.repeat(1024 * 1024))).toThrow(/more than a ConfigMap holds/);
  });
});

describe('secrets', () => {
  test('SecretRef names an external secret and checks declared keys; nothing is written', () => {
    const { platform, app } = setup();
    const creds = SecretRef.fromName(app, 'redis-auth', { keys: ['password'] });
    expect(creds.secretName).toBe('redis-auth');
    expect(creds.key('password')).toEqual({ secretName: 'redis-auth', key: 'password' });
    expect(() => creds.key('passwd')).toThrow(
      'prod/redis/SecretRef(redis-auth): field key: the secret "redis-auth" has no such key (got "passwd"). Allowed: "password".',
    );
    expect(() => SecretRef.fromName(app, 'Redis_Auth')).toThrow('field secretName: not a valid object name');
    expect(platform.synth({ dryRun: true }).apps[0].records).toEqual([]);
  });

  test('a Secret with literal values needs allowPlaintextInOutput', () => {
    const { app } = setup();
    expect(() => new Secret(app, 'Db', { stringData: { password: 'hunter2' } })).toThrow(
      'prod/redis/Db: field stringData.password: a literal secret value would be written readable into the output. Allowed: literal values only with allowPlaintextInOutput: true.',
    );
    const s = new Secret(app, 'Dev', { stringData: { password: 'dev' }, allowPlaintextInOutput: true });
    expect(s.toJson()).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'dev', namespace: 'redis', labels: appLabels },
      type: 'Opaque',
      data: { password: 'ZGV2' },
    });
    expect(s.key('password')).toEqual({ secretName: 'dev', key: 'password' });
  });
});

describe('ServiceAccount and RBAC', () => {
  test('a ServiceAccount does not mount its token by default', () => {
    const { app } = setup();
    const sa = new ServiceAccount(app, 'Operator', {
      name: 'redis-operator',
      annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/x' },
    });
    expect(sa.toJson()).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'redis-operator',
        namespace: 'redis',
        labels: appLabels,
        annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/x' },
      },
      automountServiceAccountToken: false,
    });
    expect(
      new ServiceAccount(app, 'Api', {
        automountServiceAccountToken: true,
        imagePullSecrets: [SecretRef.fromName(app, 'regcred')],
      }).toJson(),
    ).toMatchObject({ automountServiceAccountToken: true, imagePullSecrets: [{ name: 'regcred' }] });
  });

  test('role.grant adds the rule and a RoleBinding for the subject', () => {
    const { app } = setup();
    const sa = new ServiceAccount(app, 'Operator', { name: 'redis-operator' });
    const role = new Role(app, 'Role', { name: 'redis-operator' });
    const binding = role.grant(
      sa,
      ['get', 'list', 'watch'],
      [{ apiGroups: ['redis.redis.opstreelabs.in'], resources: ['redisclusters'] }],
    );
    role.grant(sa, ['update', 'get'], [{ apiGroups: ['redis.redis.opstreelabs.in'], resources: ['redisclusters'] }]);
    role.allow(['get'], [{ resources: ['secrets'], resourceNames: ['redis-auth'] }]);
    expect(role.toJson()).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'redis-operator', namespace: 'redis', labels: appLabels },
      rules: [
        {
          apiGroups: ['redis.redis.opstreelabs.in'],
          resources: ['redisclusters'],
          verbs: ['get', 'list', 'watch', 'update'],
        },
        { apiGroups: [''], resources: ['secrets'], resourceNames: ['redis-auth'], verbs: ['get'] },
      ],
    });
    expect(binding.toJson()).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'redis-operator', namespace: 'redis', labels: appLabels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'redis-operator' },
      subjects: [{ kind: 'ServiceAccount', name: 'redis-operator', namespace: 'redis' }],
    });
  });

  test('a ClusterRole binds cluster-wide or in one namespace, and is cluster-scoped', () => {
    const { app } = setup();
    const sa = new ServiceAccount(app, 'Operator', { name: 'redis-operator' });
    const role = new ClusterRole(app, 'Nodes', { name: 'redis-nodes' });
    const crb = role.grant(sa, ['get', 'list'], [{ resources: ['nodes'] }]);
    role.allowNonResourceUrls(['get'], ['/metrics']);
    crb.addSubject(Subject.group('sre'));
    const rb = role.bindInNamespace('cache', Subject.user('alice'));
    expect(role.toJson()).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'redis-nodes', labels: appLabels },
      rules: [
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] },
        { nonResourceURLs: ['/metrics'], verbs: ['get'] },
      ],
    });
    expect(crb.toJson()).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'redis-nodes', labels: appLabels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'redis-nodes' },
      subjects: [
        { kind: 'ServiceAccount', name: 'redis-operator', namespace: 'redis' },
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'sre' },
      ],
    });
    expect(rb.toJson()).toMatchObject({
      metadata: { name: 'redis-nodes', namespace: 'cache' },
      roleRef: { kind: 'ClusterRole', name: 'redis-nodes' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }],
    });
  });

  test('bindings to external roles, and a ClusterRoleBinding refuses a Role', () => {
    const { app } = setup();
    const rb = new RoleBinding(app, 'Viewers', {
      role: ClusterRole.fromName(app, 'View', 'view'),
      subjects: [Subject.serviceAccount('ci', 'ci')],
    });
    expect(rb.toJson()).toMatchObject({
      metadata: { name: 'viewers', namespace: 'redis' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name: 'ci', namespace: 'ci' }],
    });
    expect(() => new ClusterRoleBinding(app, 'Bad', { role: Role.fromName(app, 'R', 'reader') })).toThrow(
      'prod/redis/Bad: field roleRef.kind: a ClusterRoleBinding cannot grant a Role (got "Role reader"). Allowed: a ClusterRole.',
    );
  });

  test('bad verbs, resources and API groups are refused with hints', () => {
    const { app } = setup();
    const role = new Role(app, 'Role');
    expect(() => role.allow(['Get'], [{ resources: ['pods'] }])).toThrow(
      'prod/redis/Role: field verbs[0]: not a verb (got "Get")',
    );
    expect(() => role.allow(['Get'], [{ resources: ['pods'] }])).toThrow('Did you mean "get"?');
    expect(() => role.allow(['get'], [{ resources: ['Pod'] }])).toThrow(
      'field resources[0].resources[0]: not a resource name (got "Pod")',
    );
    expect(() => role.allow(['get'], [{ resources: ['Pod'] }])).toThrow('Did you mean "pods"?');
    expect(() => role.allow(['get'], [{ apiGroups: ['apps/v1'], resources: ['deployments'] }])).toThrow(
      'field resources[0].apiGroups[0]: not an API group (got "apps/v1")',
    );
    expect(() => role.allow(['get'], [{ apiGroups: ['apps/v1'], resources: ['deployments'] }])).toThrow(
      'Did you mean "apps"?',
    );
    expect(() => role.allow([], [{ resources: ['pods'] }])).toThrow('field verbs: no verb given');
  });

  test('a subject in another environment is an error naming both paths', () => {
    const platform = new Platform();
    const prod = new Application(new Environment(platform, 'prod', { config: {} }), 'redis');
    const dev = new Application(new Environment(platform, 'dev', { config: {} }), 'redis');
    const sa = new ServiceAccount(prod, 'Operator');
    expect(() => new Role(dev, 'Role').grant(sa, ['get'], [{ resources: ['pods'] }])).toThrow(
      'dev/redis/Role/Binding: field subjects: the subject is in environment "prod" but dev/redis/Role/Binding is in "dev" (got "prod/redis/Operator").',
    );
  });
});
