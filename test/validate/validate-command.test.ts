import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runValidate } from '../support/run-validate';
import { FIXTURES } from './corpus-helpers';

const run = runValidate;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-validate-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const CLEAN = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
`;

test('a clean file exits 0 and reports 0 errors, 0 warnings', async () => {
  const f = path.join(tmp, 'clean.yaml');
  fs.writeFileSync(f, CLEAN);
  const r = await run([f]);
  expect(r).toEqual({ code: 0, stdout: '0 errors, 0 warnings\n', stderr: '' });
});

test('a file with problems exits 1 and names the file, object, rule, field and fix', async () => {
  const r = await run([path.join(FIXTURES, 'bad', 'schema-replicas-string.yaml')]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('schema-replicas-string.yaml  Deployment/shop/web');
  expect(r.stdout).toContain('error schema/type at spec.replicas');
  expect(r.stdout).toContain('value: "3"');
  expect(r.stdout).toContain('fix: Write 3 without quotes.');
  expect(r.stdout.trim().split('\n').pop()).toBe('1 error, 0 warnings');
});

test('--format json prints the summary, the problems and the waivers', async () => {
  const r = await run([path.join(FIXTURES, 'bad', 'schema-service-type.yaml'), '--format', 'json']);
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout);
  expect(report.summary).toEqual({ errors: 1, warnings: 0 });
  expect(report.waivers).toEqual([]);
  expect(report.problems).toHaveLength(1);
  expect(report.problems[0]).toMatchObject({
    severity: 'error',
    rule: 'schema/enum',
    field: 'spec.type',
    value: 'Loadbalancer',
    object: 'Service/shop/web',
    hint: 'Did you mean "LoadBalancer"?',
  });
  expect(report.problems[0].file).toMatch(/schema-service-type\.yaml$/);
});

test('stdin (-) is read as a multi-document stream, like a Helm render', async () => {
  const r = await run(
    ['-', '--policy', 'none'],
    `# Source: x/templates/a.yaml\n${CLEAN}---\n# Source: x/templates/b.yaml\n${CLEAN.replace('settings', 'Bad_Name')}`,
  );
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('<stdin>  ConfigMap/Bad_Name');
  expect(r.stdout).toContain('error grammar/object-name at metadata.name');
});

test('folders are read recursively, sorted, skipping kustomization.yaml', async () => {
  const dir = path.join(tmp, 'tree');
  fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources: [a.yaml]\n');
  fs.writeFileSync(path.join(dir, 'b.yml'), CLEAN.replace('settings', 'b'));
  fs.writeFileSync(path.join(dir, 'sub', 'a.yaml'), CLEAN.replace('settings', 'B'));
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'not yaml: [');
  const r = await run([dir, '--format', 'json']);
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout);
  expect(report.problems.map((p: { rule: string; object: string }) => `${p.rule} ${p.object}`)).toEqual([
    'grammar/object-name ConfigMap/B',
  ]);
});

test('a YAML syntax error exits 2 with the file and line', async () => {
  const f = path.join(tmp, 'broken.yaml');
  fs.writeFileSync(f, `${CLEAN}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n`);
  const r = await run([f]);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(
    new RegExp(`^berth validate: ${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1[0-9]:\\d+: YAML syntax error`),
  );
});

test('duplicate keys are a syntax error, as in kubectl', async () => {
  const f = path.join(tmp, 'dup.yaml');
  fs.writeFileSync(f, 'apiVersion: v1\nkind: ConfigMap\nkind: Secret\nmetadata:\n  name: x\n');
  const r = await run([f]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(`${f}:3:`);
});

test('an unreadable path exits 2', async () => {
  const r = await run([path.join(tmp, 'missing.yaml')]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('missing.yaml: cannot read: ENOENT');
});

test('bad options exit 2 with the usage', async () => {
  expect((await run(['--policy', 'strict', 'x.yaml'])).code).toBe(2);
  expect((await run(['--format', 'xml', 'x.yaml'])).code).toBe(2);
  expect((await run(['--frobnicate'])).code).toBe(2);
  const none = await run([]);
  expect(none.code).toBe(2);
  expect(none.stderr).toContain('usage: berth validate');
});

test('--crds DIR makes custom resources known; without it they are unknown kinds', async () => {
  const f = path.join(tmp, 'widget.yaml');
  fs.writeFileSync(f, 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 12\n');
  const without = await run([f, '--format', 'json']);
  expect(JSON.parse(without.stdout).problems.map((p: { rule: string }) => p.rule)).toEqual(['schema/unknown-kind']);
  const withCrds = await run([f, '--format', 'json', '--crds', path.join(FIXTURES, 'crds')]);
  expect(
    JSON.parse(withCrds.stdout).problems.map((p: { rule: string; field: string }) => `${p.rule} ${p.field}`),
  ).toEqual(['schema/maximum spec.size']);
});

test('YAML 1.1 booleans are read as kubectl reads them', async () => {
  const f = path.join(tmp, 'yes.yaml');
  fs.writeFileSync(f, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flags\ndata:\n  enabled: yes\n');
  const r = await run([f, '--format', 'json']);
  expect(
    JSON.parse(r.stdout).problems.map((p: { rule: string; field: string; value: unknown }) => [
      p.rule,
      p.field,
      p.value,
    ]),
  ).toEqual([['schema/type', 'data.enabled', true]]);
});

test('what YAML 1.1 reads differently from the text is said, and quoted as written', async () => {
  const f = path.join(tmp, 'yaml11.yaml');
  fs.writeFileSync(
    f,
    [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: ConfigMap',
      '  metadata:',
      '    name: flags',
      '  data:',
      '    enabled: on',
      '    mode: 0644',
      '    n: "fine"',
      '    big: 12345678901234567890',
      '    plain: 12',
      '    "quoted": "ok"',
      '- apiVersion: v1',
      '  kind: ConfigMap',
      '  metadata:',
      '    name: second',
      '  data:',
      '    y: 0x1F',
    ].join('\n'),
  );
  const r = await run([f, '--format', 'json']);
  const problems = JSON.parse(r.stdout).problems as {
    rule: string;
    severity: string;
    object: string;
    field: string;
    message: string;
    hint: string;
    value: unknown;
  }[];
  const at = (object: string, field: string, rule: string) =>
    problems.find((p) => p.object === object && p.field === field && p.rule === rule)!;
  expect(at('ConfigMap/flags', 'data.enabled', 'schema/type')).toMatchObject({
    value: true,
    message:
      'data.enabled must be a string, not boolean true (written on, which YAML 1.1 readers such as kubectl read as the boolean true)',
    hint: 'Quote it: "on".',
  });
  expect(at('ConfigMap/flags', 'data.mode', 'schema/type')).toMatchObject({ value: 420, hint: 'Quote it: "0644".' });
  expect(at('ConfigMap/flags', 'data.mode', 'schema/type').message).toContain(
    '(written 0644, which YAML 1.1 readers such as kubectl read as the number 420)',
  );
  // Go reads the digits exactly; the fix keeps them.
  expect(at('ConfigMap/flags', 'data.big', 'schema/type').hint).toBe('Quote it: "12345678901234567890".');
  expect(at('ConfigMap/flags', 'data.big', 'schema/type').message).toContain('more digits than Berth reads exactly');
  // A plain decimal needs no remark.
  expect(at('ConfigMap/flags', 'data.plain', 'schema/type')).toMatchObject({
    message: 'data.plain must be a string, not number 12',
    hint: 'Quote it: "12".',
  });
  // A key read as another key: a warning, since the object applied has that key; the error on its value says both.
  expect(at('ConfigMap/second', 'data.true', 'validate/yaml-key')).toMatchObject({
    severity: 'warning',
    value: 'y',
    hint: 'Quote the key ("y": ...) so that every YAML reader reads the same key.',
  });
  expect(at('ConfigMap/second', 'data.true', 'schema/type')).toMatchObject({
    value: 31,
    message:
      'data.true must be a string, not number 31 (the key is written y, which YAML 1.1 readers such as kubectl read as the boolean true; the value is written 0x1F, which YAML 1.1 readers such as kubectl read as the number 31)',
    hint: 'Quote it: "0x1F".',
  });
  // A key alone (its value is a string) gets the warning only.
  expect(at('ConfigMap/flags', 'data.false', 'validate/yaml-key').message).toBe(
    'a key that is not read as written (the key is written n, which YAML 1.1 readers such as kubectl read as the boolean false)',
  );
  expect(problems.filter((p) => p.rule === 'validate/yaml-key').map((p) => p.value)).toEqual(['n', 'y']);
  expect(problems).toHaveLength(7);
});

test('!!binary is read as kubectl reads it (the decoded text): an error where that is not base64, else a warning', async () => {
  const f = path.join(tmp, 'binary.yaml');
  fs.writeFileSync(
    f,
    `apiVersion: v1
kind: Secret
metadata:
  name: s
data:
  key: !!binary aGVsbG8=
  password: !!binary cGFzc3dvcmQ=
  plain: cGFzc3dvcmQ=
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
binaryData:
  blob: !!binary |
    AAEC
    AwQF
`,
  );
  const r = await run([f, '--format', 'json', '--policy', 'none']);
  expect(r.code).toBe(1);
  const problems = (
    JSON.parse(r.stdout) as {
      problems: {
        rule: string;
        object: string;
        field: string;
        value?: unknown;
        message: string;
        hint: string;
        severity: string;
      }[];
    }
  ).problems;
  const hint = 'Remove the !!binary tag: Kubernetes wants the base64 text itself (in data and binaryData).';
  expect(problems.map((p) => [p.severity, p.rule, p.object, p.field])).toEqual([
    ['error', 'grammar/base64', 'ConfigMap/c', 'binaryData.blob'],
    ['error', 'grammar/base64', 'Secret/s', 'data.key'],
    ['warning', 'validate/yaml-binary', 'Secret/s', 'data.password'],
  ]);
  expect(problems[0]).toMatchObject({
    value: '\u0000\u0001\u0002\u0003\u0004\u0005',
    hint,
    message:
      'ConfigMap binaryData.blob is not base64: the API server decodes binaryData values as bytes (written !!binary AAECAwQF, which YAML readers such as kubectl decode: they read the text "\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005")',
  });
  expect(problems[1]).toMatchObject({ value: 'hello', hint });
  expect(problems[2]).toMatchObject({
    hint,
    message:
      'a value tagged !!binary (written !!binary cGFzc3dvcmQ=, which YAML readers such as kubectl decode: they read the text "password")',
  });
});

test('an alias without an anchor exits 2 with the file, line and column', async () => {
  const f = path.join(tmp, 'alias.yaml');
  fs.writeFileSync(f, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: *nope\n');
  const r = await run([f]);
  expect(r.code).toBe(2);
  expect(r.stderr).toBe(
    `berth validate: ${f}:6:6: cannot read YAML: Unresolved alias (the anchor must be set before the alias): nope\n`,
  );
});

test('Helm charts in a folder are skipped with a note (their templates are not YAML); a chart alone is nothing to validate', async () => {
  const dir = path.join(tmp, 'with-chart');
  fs.mkdirSync(path.join(dir, 'charts', 'shop', 'templates'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'charts', 'shop', 'Chart.yaml'), 'apiVersion: v2\nname: shop\nversion: 0.1.0\n');
  fs.writeFileSync(
    path.join(dir, 'charts', 'shop', 'templates', 'cm.yaml'),
    'metadata:\n  name: {{ .Release.Name }}\n  labels: {{- toYaml .Values.labels | nindent 4 }}\n',
  );
  fs.writeFileSync(path.join(dir, 'clean.yaml'), CLEAN);
  const r = await run([dir]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('0 errors, 0 warnings');
  const chart = path.join(dir, 'charts', 'shop');
  expect(r.stderr).toBe(
    `berth validate: skipped the Helm chart ${chart}: its templates are YAML only once rendered (validate them with: helm template <release> ${chart} | berth validate -)\n`,
  );
  const alone = await run([chart]);
  expect(alone.code).toBe(2);
  expect(alone.stdout).toBe('');
  expect(alone.stderr).toContain(`berth validate: nothing to validate: ${chart} is a Helm chart`);
});

test('a folder whose subfolders repeat objects (environments of one output) gets a note naming them, to validate one by one', async () => {
  const dir = path.join(tmp, 'two-envs');
  for (const env of ['dev', 'prod']) {
    fs.mkdirSync(path.join(dir, env, 'shop'), { recursive: true });
    fs.writeFileSync(path.join(dir, env, 'shop', 'cm.yaml'), CLEAN);
  }
  const r = await run([dir]);
  expect(r.stderr).toBe(
    `berth validate: the folders of ${dir} hold objects of the same kind, namespace and name, and are validated as one environment; if they are environments (as in Berth's output), validate each on its own: berth validate ${path.join(dir, 'dev')} ${path.join(dir, 'prod')}\n`,
  );
  expect(r.stdout).toContain('reference/duplicate-object');
  const apart = await run([path.join(dir, 'dev'), path.join(dir, 'prod')]);
  expect(apart.code).toBe(0);
  expect(apart.stderr).toBe('');
  // Distinct objects in subfolders: no note.
  fs.writeFileSync(path.join(dir, 'prod', 'shop', 'cm.yaml'), CLEAN.replace('settings', 'other'));
  expect((await run([dir])).stderr).toBe('');
});

test("Berth's own output (every object managed-by berth, environments repeating objects) is validated one environment at a time", async () => {
  const dir = path.join(tmp, 'berth-out');
  const ofBerth = (name: string): string => `apiVersion: v1
kind: ConfigMap
metadata:
  labels:
    app.kubernetes.io/managed-by: berth
  name: ${name}
  namespace: shop
data:
  mode: fast
`;
  for (const env of ['dev', 'prod']) {
    fs.mkdirSync(path.join(dir, env, 'shop'), { recursive: true });
    fs.writeFileSync(path.join(dir, env, 'shop', 'configmap-settings.yaml'), ofBerth('settings'));
  }
  const dev = path.join(dir, 'dev');
  const prod = path.join(dir, 'prod');
  const clean = await run([dir]);
  expect(clean).toEqual({
    code: 0,
    stdout: '0 errors, 0 warnings\n',
    stderr: `berth validate: ${dir} is Berth's output: validated its environments ${dev}, ${prod} each on its own (their objects repeat)\n`,
  });
  // A problem is placed in its environment; a duplicate inside one environment is still one.
  fs.writeFileSync(path.join(prod, 'shop', 'configmap-bad.yaml'), ofBerth('Bad_Name'));
  fs.writeFileSync(path.join(prod, 'shop', 'configmap-again.yaml'), ofBerth('settings'));
  const bad = await run([dir, '--format', 'json']);
  expect(bad.code).toBe(1);
  const report = JSON.parse(bad.stdout) as { problems: { rule: string; environment?: string; object: string }[] };
  expect(report.problems.map((p) => [p.rule, p.environment, p.object])).toEqual([
    ['grammar/object-name', prod, 'ConfigMap/shop/Bad_Name'],
    ['reference/duplicate-object', prod, 'ConfigMap/shop/settings'],
  ]);
  // One object that Berth did not write: not Berth's output, so one environment, with the note.
  fs.rmSync(path.join(prod, 'shop', 'configmap-bad.yaml'));
  fs.rmSync(path.join(prod, 'shop', 'configmap-again.yaml'));
  fs.writeFileSync(path.join(prod, 'shop', 'hand-written.yaml'), CLEAN);
  const mixed = await run([dir]);
  expect(mixed.code).toBe(1);
  expect(mixed.stdout).toContain('reference/duplicate-object');
  expect(mixed.stderr).toContain(
    `are validated as one environment; if they are environments (as in Berth's output), validate each on its own: berth validate ${dev} ${prod}`,
  );
});

test('several Helm charts are skipped with one note', async () => {
  const dir = path.join(tmp, 'charts');
  for (const name of ['api', 'web']) {
    fs.mkdirSync(path.join(dir, name, 'templates'), { recursive: true });
    fs.writeFileSync(path.join(dir, name, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`);
  }
  fs.writeFileSync(path.join(dir, 'clean.yaml'), CLEAN);
  const r = await run([dir]);
  expect(r.code).toBe(0);
  const api = path.join(dir, 'api');
  expect(r.stderr).toBe(
    `berth validate: skipped 2 Helm charts (${api}, ${path.join(dir, 'web')}): their templates are YAML only once rendered (validate one with: helm template <release> ${api} | berth validate -)\n`,
  );
});

test('--policy baseline turns hygiene rules into warnings, which exit 0', async () => {
  const r = await run([path.join(FIXTURES, 'bad', 'policy-latest-tag.yaml'), '--policy', 'baseline']);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('warning policy/image-tag at spec.template.spec.containers[0].image');
  expect(r.stdout).toContain('0 errors, 1 warning');
});

test('--external declares objects that exist outside the input', async () => {
  const f = path.join(FIXTURES, 'bad', 'missing-pull-secret.yaml');
  expect((await run([f])).code).toBe(1);
  expect((await run([f, '--external', 'Secret/registry'])).code).toBe(0);
});
