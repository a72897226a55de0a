import { registerKind } from '../../lib/core/kind-registry';
import { KubeObject, ManifestRecord } from '../../lib/model/manifest';
import { parseCidr, isStrictSubset } from '../../lib/validate/cidr';
import { cronScheduleError } from '../../lib/validate/cron-schedule';
import { closest } from '../../lib/model/edit-distance';
import { ianaSvcName, qualifiedName } from '../../lib/model/name-grammar';
import { isQuantity } from '../../lib/model/quantity';
import { errorLines, formatReport } from '../../lib/validate/report';
import { validateManifests } from '../../lib/validate/validate-manifests';
import { hpa } from './policy-helpers';

function rec(object: object, extra: Partial<ManifestRecord> = {}): ManifestRecord {
  return {
    environment: 'dev',
    app: 'shop',
    constructPath: `dev/shop/${(object as KubeObject).metadata?.name ?? 'x'}/Resource`,
    object: object as KubeObject,
    waivers: [],
    dependsOn: [],
    ...extra,
  };
}

test('the quantity grammar accepts Kubernetes suffixes and refuses the rest', () => {
  for (const ok of [
    '1',
    '0.5',
    '.5',
    '500m',
    '1Ki',
    '128Mi',
    '2Gi',
    '1Ti',
    '1Pi',
    '1Ei',
    '100n',
    '10u',
    '1k',
    '1M',
    '1G',
    '1T',
    '1P',
    '1E',
    '1e3',
    '1E3',
    '1e-3',
    '+1',
    '-1',
    5,
    0.25,
  ])
    expect([ok, isQuantity(ok)]).toEqual([ok, true]);
  for (const bad of ['1K', '1KB', '1MB', '1mi', '1 Gi', 'Gi', '', '1.2.3', '1e', 'one', '1Gii', NaN, true, null])
    expect([bad, isQuantity(bad)]).toEqual([bad, false]);
});

test('cron schedules follow robfig/cron as Kubernetes uses it', () => {
  for (const ok of [
    '* * * * *',
    '0 0 * * 0',
    '*/5 * * * *',
    '0 9-17/2 * * mon-fri',
    '0 0 1 jan,jul *',
    '? * * * *',
    '@daily',
    '@hourly',
    '@every 1h30m',
    '0 0 1 * *',
  ])
    expect([ok, cronScheduleError(ok)]).toEqual([ok, undefined]);
  expect(cronScheduleError('0 0 * * 7')).toBe('day of week field "7": 7 is out of range 0-6');
  expect(cronScheduleError('CRON_TZ=UTC 0 0 * * *')).toBe(
    'cannot use TZ or CRON_TZ in schedule; use the timeZone field instead',
  );
  expect(cronScheduleError('0 0 * * * *')).toBe(
    'expected exactly 5 fields (minute hour day-of-month month day-of-week), found 6',
  );
  expect(cronScheduleError('5-1 * * * *')).toBe('minute field "5-1": range 5-1 starts after it ends');
});

test('CIDRs need a mask, and except ranges must be strict subsets', () => {
  expect(parseCidr('10.0.0.1')).toBe('CIDR mask is missing; did you mean "10.0.0.1/32"?');
  expect(parseCidr('010.0.0.0/8')).toBe('"010.0.0.0" is not a valid IPv4 address');
  const outer = parseCidr('10.0.0.0/8');
  const inner = parseCidr('10.1.0.0/16');
  const v6 = parseCidr('2001:db8::/32');
  const v6inner = parseCidr('2001:db8:1::/48');
  if (typeof outer === 'string' || typeof inner === 'string' || typeof v6 === 'string' || typeof v6inner === 'string')
    throw new Error('parse failed');
  expect(isStrictSubset(inner, outer)).toBe(true);
  expect(isStrictSubset(outer, outer)).toBe(false);
  expect(isStrictSubset(v6inner, v6)).toBe(true);
  expect(isStrictSubset(inner, v6)).toBe(false);
});

test('port names follow IANA_SVC_NAME and label keys the qualified-name grammar', () => {
  expect(ianaSvcName('http')).toEqual([]);
  expect(ianaSvcName('-http')).toEqual(['must not begin or end with a hyphen']);
  expect(qualifiedName('app.kubernetes.io/name')).toEqual([]);
  expect(qualifiedName('/name')).toEqual(['prefix part must be non-empty']);
});

test('unknown fields get a did-you-mean from the allowed names', () => {
  expect(closest('imagePullPolcy', ['image', 'imagePullPolicy', 'name'])).toBe('imagePullPolicy');
  expect(closest('zzzzzz', ['image', 'name'])).toBeUndefined();
  const [p] = validateManifests([rec({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', lables: {} } })], {
    policy: 'none',
  });
  expect(p).toMatchObject({
    rule: 'schema/unknown-field',
    field: 'metadata.lables',
    hint: 'Did you mean "labels"?',
    environment: 'dev',
    app: 'shop',
    constructPath: 'dev/shop/c/Resource',
    object: 'ConfigMap/c',
  });
});

test('annotations larger than 256 KiB in total are refused', () => {
  const ok = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'a', annotations: { a: 'x'.repeat(200 * 1024) } },
  };
  const big = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'b', annotations: { a: 'x'.repeat(200 * 1024), b: 'y'.repeat(60 * 1024) } },
  };
  const problems = validateManifests([rec(ok), rec(big)], { policy: 'none' });
  expect(problems.map((p) => [p.rule, p.object, p.field, p.value])).toEqual([
    ['grammar/annotations-size', 'ConfigMap/b', 'metadata.annotations', 260 * 1024 + 2],
  ]);
});

test('waivers drop the waived rule for the waived construct only', () => {
  const cm = (name: string): object => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name },
    data: { DB_PASSWORD: 'hunter2' },
  });
  const waiver = {
    rule: 'policy/secret-in-configmap',
    reason: 'a throwaway test database',
    constructPath: 'dev/shop/a',
  };
  const problems = validateManifests([
    rec(cm('a'), { constructPath: 'dev/shop/a/Resource', waivers: [waiver] }),
    rec(cm('b')),
  ]);
  expect(problems.map((p) => `${p.rule} ${p.object}`)).toEqual(['policy/secret-in-configmap ConfigMap/b']);
});

test('severity overrides turn a rule into a warning or off', () => {
  const o = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { API_TOKEN: 'abc' } };
  expect(
    validateManifests([rec(o)], { severities: { 'policy/secret-in-configmap': 'warning' } }).map((p) => p.severity),
  ).toEqual(['warning']);
  expect(validateManifests([rec(o)], { severities: { 'policy/secret-in-configmap': 'off' } })).toEqual([]);
  expect(validateManifests([rec(o)], { policy: 'none' })).toEqual([]);
});

test('references are resolved per environment', () => {
  const secretUser = (env: string): ManifestRecord =>
    rec(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { containers: [{ name: 'c', image: 'x:1', envFrom: [{ secretRef: { name: 's' } }] }] },
      },
      { environment: env, constructPath: `${env}/shop/p/Resource` },
    );
  const secret = rec({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }, { environment: 'dev' });
  const problems = validateManifests([secretUser('dev'), secretUser('prod'), secret], { policy: 'none' });
  expect(problems.map((p) => `${p.environment} ${p.rule}`)).toEqual(['prod reference/missing-secret']);
});

test('external objects can be declared by annotation on the consumer or in the options', () => {
  const pod = (annotations: Record<string, string>): ManifestRecord =>
    rec({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'shop', annotations },
      spec: {
        containers: [
          { name: 'c', image: 'x:1', envFrom: [{ secretRef: { name: 'vault' } }, { configMapRef: { name: 'ca' } }] },
        ],
      },
    });
  expect(validateManifests([pod({})], { policy: 'none' }).map((p) => p.rule)).toEqual([
    'reference/missing-secret',
    'reference/missing-configmap',
  ]);
  expect(
    validateManifests([pod({ 'berth.dev/external-secrets': 'vault', 'berth.dev/external-configmaps': 'other, ca' })], {
      policy: 'none',
    }),
  ).toEqual([]);
  expect(validateManifests([pod({})], { policy: 'none', external: ['Secret/shop/vault', 'ConfigMap/ca'] })).toEqual([]);
  expect(
    validateManifests([pod({ 'berth.dev/external-refs': 'Secret/vault,ConfigMap/ca' })], { policy: 'none' }),
  ).toEqual([]);
});

test('kinds registered with a CRD schema are validated against it', () => {
  registerKind({
    apiVersion: 'test.berth.dev/v1',
    kind: 'Gizmo',
    source: 'test',
    namespaced: true,
    schema: () => ({
      dialect: 'crd-openapi-v3',
      root: {
        type: 'object',
        properties: { spec: { type: 'object', properties: { level: { type: 'string', enum: ['low', 'high'] } } } },
      },
    }),
  });
  const problems = validateManifests(
    [
      rec({
        apiVersion: 'test.berth.dev/v1',
        kind: 'Gizmo',
        metadata: { name: 'g' },
        spec: { level: 'hihg', extra: 1 },
      }),
    ],
    { policy: 'none' },
  );
  expect(problems.map((p) => [p.rule, p.field, p.hint])).toEqual([
    ['schema/unknown-field', 'spec.extra', 'Remove it; the fields allowed here are: level.'],
    ['schema/enum', 'spec.level', 'Did you mean "high"?'],
  ]);
});

test('the text report groups by environment and object and ends with the summary', () => {
  const problems = validateManifests(
    [
      rec({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad' } }),
      rec(
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ok' }, data: { PASSWORD: 'x' } },
        { environment: 'prod', constructPath: 'prod/shop/ok/Resource' },
      ),
    ],
    { severities: { 'policy/secret-in-configmap': 'warning' } },
  );
  expect(
    formatReport(problems, [{ rule: 'policy/image-tag', reason: 'vendor image', constructPath: 'dev/shop/legacy' }]),
  ).toBe(
    [
      'environment dev',
      '  dev/shop/Bad/Resource  ConfigMap/Bad',
      '    error grammar/object-name at metadata.name',
      "      a ConfigMap name must be a DNS-1123 subdomain: it must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
      '      value: "Bad"',
      '      fix: Use a name like "bad".',
      'environment prod',
      '  prod/shop/ok/Resource  ConfigMap/ok',
      '    warning policy/secret-in-configmap at data.PASSWORD',
      '      ConfigMap key "PASSWORD" looks like a secret: the key "PASSWORD" names a credential and holds a literal value',
      '      fix: Move it to a Secret (or an external secret store) and mount or reference that instead.',
      'waivers',
      '  dev/shop/legacy  policy/image-tag: vendor image',
      '1 error, 1 warning',
      '',
    ].join('\n'),
  );
});

test('errorLines: one line per error, naming the object when there is one, warnings left out', () => {
  expect(
    errorLines([
      { severity: 'error', rule: 'synth/unknown-environment', message: 'no environment named "prd"', hint: '' },
      {
        severity: 'error',
        rule: 'schema/type',
        message: 'spec must be an object',
        hint: '',
        object: 'Deployment/shop/web',
      },
      {
        severity: 'warning',
        rule: 'policy/image-tag',
        message: 'uses latest',
        hint: '',
        object: 'Deployment/shop/web',
      },
      { severity: 'error', rule: 'synth/render', message: 'cannot render', hint: '', constructPath: 'dev/shop/web' },
    ]),
  ).toBe(
    'error synth/unknown-environment: no environment named "prd"\nerror schema/type: Deployment/shop/web spec must be an object\nerror synth/render: dev/shop/web cannot render\n',
  );
});

test('integer fields are checked against their format: int32 fits 32 bits, int64 what JavaScript holds exactly', () => {
  const deployment = (replicas: number, grace: number): ManifestRecord =>
    rec({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        replicas,
        selector: { matchLabels: { a: 'b' } },
        template: {
          metadata: { labels: { a: 'b' } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.27' }], terminationGracePeriodSeconds: grace },
        },
      },
    });
  const found = (r: ManifestRecord): string[][] =>
    validateManifests([r], { policy: 'none' }).map((p) => [p.rule, p.field ?? '', String(p.value)]);
  expect(found(deployment(2147483647, 9007199254740991))).toEqual([]);
  // The schema takes the smallest int32; the API server refuses negative replicas.
  expect(found(deployment(-2147483648, -9007199254740991))).toEqual([['api/range', 'spec.replicas', '-2147483648']]);
  expect(found(deployment(2147483648, 30))).toEqual([['schema/integer-range', 'spec.replicas', '2147483648']]);
  expect(found(deployment(1e21, 2 ** 60))).toEqual([
    ['schema/integer-range', 'spec.replicas', '1e+21'],
    ['schema/integer-range', 'spec.template.spec.terminationGracePeriodSeconds', String(2 ** 60)],
  ]);
  const [p] = validateManifests([deployment(3e9, 30)], { policy: 'none' });
  expect(p.message).toBe('spec.replicas must be a 32-bit integer (-2147483648 to 2147483647), not 3000000000');
});

test('a CRD integer field with format int32 is range-checked like a core one', () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'pools.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { kind: 'Pool', plural: 'pools' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: {
                    size: { type: 'integer', format: 'int32' },
                    bytes: { type: 'integer', format: 'int64' },
                    ratio: { type: 'number', format: 'double' },
                  },
                },
              },
            },
          },
        },
      ],
    },
  };
  const pool = (spec: object): ManifestRecord =>
    rec({ apiVersion: 'example.com/v1', kind: 'Pool', metadata: { name: 'p', namespace: 'shop' }, spec });
  expect(validateManifests([pool({ size: 5, bytes: 2 ** 40, ratio: 1e21 })], { crds: [crd], policy: 'none' })).toEqual(
    [],
  );
  expect(
    validateManifests([pool({ size: 2 ** 31, bytes: 2 ** 53 })], { crds: [crd], policy: 'none' }).map((p) => [
      p.rule,
      p.field,
    ]),
  ).toEqual([
    ['schema/integer-range', 'spec.size'],
    ['schema/integer-range', 'spec.bytes'],
  ]);
});

test("a StatefulSet name longer than 52 characters is refused: its pods' controller-revision-hash label would pass 63", () => {
  const sts = (name: string): ManifestRecord =>
    rec({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name, namespace: 'shop' },
      spec: {
        serviceName: name,
        selector: { matchLabels: { a: 'b' } },
        template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } },
      },
    });
  expect(validateManifests([sts('a'.repeat(52))], { policy: 'none' })).toEqual([]);
  const [p] = validateManifests([sts(`${'a'.repeat(50)}-bcd`)], { policy: 'none' });
  expect(p).toMatchObject({
    rule: 'grammar/object-name',
    field: 'metadata.name',
    hint: `Shorten it, e.g. "${'a'.repeat(40)}...".`,
  });
  expect(p.message).toContain('no more than 52 characters');
});

test("ConfigMap and Secret keys follow the API server's grammar, and their byte maps hold base64", () => {
  const found = (o: object): string[][] =>
    validateManifests([rec(o)], { policy: 'none' }).map((p) => [p.rule, p.field ?? '']);
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop' } };
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'shop' } };
  expect(
    found({
      ...cm,
      data: { 'app.properties': 'a=b', LOG_LEVEL: 'info', 'x-y_z': '' },
      binaryData: { logo: 'iVBORw0KGgo=' },
    }),
  ).toEqual([]);
  expect(found({ ...cm, data: { 'a b': 'x', '..': 'y', [`k${'x'.repeat(253)}`]: 'z' } })).toEqual([
    ['grammar/data-key', 'data["a b"]'],
    ['grammar/data-key', 'data[".."]'],
    ['grammar/data-key', `data.k${'x'.repeat(39)}...`],
  ]);
  expect(found({ ...cm, data: { same: '1' }, binaryData: { same: 'AAAA' } })).toEqual([
    ['grammar/data-key', 'binaryData.same'],
  ]);
  expect(found({ ...cm, binaryData: { bin: '%%%' } })).toEqual([['grammar/base64', 'binaryData.bin']]);
  expect(
    found({
      ...secret,
      data: { good: 'aGVsbG8=', wrapped: 'aGVs\nbG8=', empty: '' },
      stringData: { password: 'plain text is fine here' },
    }),
  ).toEqual([]);
  expect(found({ ...secret, data: { bad: 'not base64!', unpadded: 'aGVsbG8' } })).toEqual([
    ['grammar/base64', 'data.bad'],
    ['grammar/base64', 'data.unpadded'],
  ]);
  // The same key in data and stringData of a Secret is allowed (stringData wins).
  expect(found({ ...secret, data: { k: 'aGVsbG8=' }, stringData: { k: 'v' } })).toEqual([]);
});

test('a ConfigMap or Secret over 1 MiB of keys and values is refused, bytes counted as the API server counts them', () => {
  const found = (o: object): string[][] =>
    validateManifests([rec(o)], { policy: 'none' }).map((p) => [p.rule, String(p.value)]);
  const cm = (data: Record<string, string>, binaryData?: Record<string, string>): object => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'c', namespace: 'shop' },
    data,
    ...(binaryData ? { binaryData } : {}),
  });
  expect(found(cm({ big: 'x'.repeat(1048576 - 3) }))).toEqual([]);
  expect(found(cm({ big: 'x'.repeat(1048576 - 2) }))).toEqual([['grammar/data-size', '1048577 bytes']]);
  // binaryData counts its decoded bytes, not its base64 text.
  expect(found(cm({}, { bin: Buffer.alloc(1048576 - 3).toString('base64') }))).toEqual([]);
  // A Secret's stringData entry replaces the data entry of the same key.
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's', namespace: 'shop' },
    data: { k: Buffer.alloc(700000).toString('base64') },
    stringData: { k: 'x'.repeat(700000) },
  };
  expect(found(secret)).toEqual([]);
});

test('pod volumes, mounts, named probe ports and named Service target ports must refer to something that exists', () => {
  const pod = (container: object, volumes: object[], extra: object = {}): object => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27', ...container }], volumes },
      },
      ...extra,
    },
  });
  const found = (...objects: object[]): string[][] =>
    validateManifests(
      objects.map((o) => rec(o)),
      { policy: 'none' },
    ).map((p) => [p.rule, p.field ?? '']);
  const ok = pod(
    {
      ports: [{ containerPort: 8080, name: 'http' }],
      readinessProbe: { httpGet: { path: '/', port: 'http' } },
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    },
    [{ name: 'tmp', emptyDir: {} }],
  );
  const service = (targetPort: string | number): object => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: `web-${targetPort}`, namespace: 'shop' },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort }] },
  });
  expect(found(ok, service('http'), service(8080))).toEqual([]);
  expect(
    found(
      pod(
        {
          volumeMounts: [
            { name: 'dta', mountPath: '/a' },
            { name: 'data', mountPath: '/a' },
          ],
        },
        [
          { name: 'data', emptyDir: {} },
          { name: 'data', emptyDir: {} },
        ],
      ),
    ),
  ).toEqual([
    ['grammar/volume-name', 'spec.template.spec.volumes[1].name'],
    ['grammar/volume-mount', 'spec.template.spec.containers[0].volumeMounts[0].name'],
    ['grammar/volume-mount', 'spec.template.spec.containers[0].volumeMounts[1].mountPath'],
  ]);
  const [mount] = validateManifests(
    [rec(pod({ volumeMounts: [{ name: 'dta', mountPath: '/a' }] }, [{ name: 'data', emptyDir: {} }]))],
    { policy: 'none' },
  );
  expect(mount.hint).toBe('Did you mean "data"?');
  expect(
    found(
      pod({ ports: [{ containerPort: 8080, name: 'http' }], livenessProbe: { tcpSocket: { port: 'metrics' } } }, []),
    ),
  ).toEqual([['reference/probe-port', 'spec.template.spec.containers[0].livenessProbe.tcpSocket.port']]);
  expect(found(ok, service('metrics'))).toEqual([['reference/service-target-port', 'spec.ports[0].targetPort']]);
  // A StatefulSet's pods also have its claim templates as volumes.
  const sts = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'shop' },
    spec: {
      serviceName: 'db',
      selector: { matchLabels: { app: 'db' } },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
      template: {
        metadata: { labels: { app: 'db' } },
        spec: {
          containers: [
            { name: 'db', image: 'postgres:16', volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql' }] },
          ],
        },
      },
    },
  };
  expect(found(sts)).toEqual([]);
});

test('duplicates and contradictions the API server refuses: container names, port names and numbers, Recreate with rollingUpdate, maxReplicas below minReplicas', () => {
  const found = (...objects: object[]): string[][] =>
    validateManifests(
      objects.map((o) => rec(o)),
      { policy: 'none' },
    ).map((p) => [p.rule, p.field ?? '']);
  const deployment = (podSpec: object, spec: object = {}): object => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: podSpec },
      ...spec,
    },
  });
  expect(
    found(
      deployment(
        {
          initContainers: [{ name: 'setup', image: 'busybox:1.36' }],
          containers: [
            {
              name: 'web',
              image: 'nginx:1.27',
              ports: [
                { containerPort: 80, name: 'http' },
                { containerPort: 9090, name: 'metrics' },
              ],
            },
          ],
        },
        { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } },
      ),
    ),
  ).toEqual([]);
  expect(
    found(
      deployment(
        {
          initContainers: [{ name: 'web', image: 'busybox:1.36' }],
          containers: [
            {
              name: 'web',
              image: 'nginx:1.27',
              ports: [
                { containerPort: 80, name: 'http' },
                { containerPort: 81, name: 'http' },
              ],
            },
          ],
        },
        { strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } },
      ),
    ),
  ).toEqual([
    ['grammar/duplicate-port', 'spec.template.spec.containers[0].ports[1].name'],
    ['grammar/container-name', 'spec.template.spec.containers[0].name'],
    ['grammar/strategy', 'spec.strategy.rollingUpdate'],
  ]);
  const service = (ports: object[]): object => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'dns', namespace: 'shop' },
    spec: { ports },
  });
  // One number over two protocols is fine (DNS); the same number and protocol, or name, twice is not.
  expect(
    found(
      service([
        { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, protocol: 'TCP' },
      ]),
    ),
  ).toEqual([]);
  expect(
    found(
      service([
        { name: 'a', port: 80 },
        { name: 'a', port: 80, protocol: 'TCP' },
      ]),
    ),
  ).toEqual([
    ['grammar/duplicate-port', 'spec.ports[1].port'],
    ['grammar/duplicate-port', 'spec.ports[1].name'],
  ]);
  expect(found(deployment({ containers: [{ name: 'web', image: 'nginx:1.27' }] }), hpa(2, 2))).toEqual([]);
  expect(found(deployment({ containers: [{ name: 'web', image: 'nginx:1.27' }] }), hpa(5, 2))).toEqual([
    ['grammar/replica-bounds', 'spec.maxReplicas'],
  ]);
  expect(found(deployment({ containers: [{ name: 'web', image: 'nginx:1.27' }] }), hpa(undefined, 0))).toEqual([
    ['grammar/replica-bounds', 'spec.maxReplicas'],
  ]);
});
