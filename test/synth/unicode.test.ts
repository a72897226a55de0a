import * as fs from 'fs';
import * as path from 'path';
import { JsonPatch } from 'cdk8s';
import {
  ApiResource,
  Application,
  ConfigMap,
  Deployment,
  EnvValue,
  Environment,
  Namespace,
  Platform,
  Secret,
  ServiceAccount,
  Waivers,
} from '../../lib';
import { Problem, ValidationFailed } from '../../lib/model/problem';
import { runValidateCommand } from '../../lib/cli/commands/validate-command';
import { captureIO } from '../support/capture-io';
import { tmpDir } from '../support/file-tree';
import { thrownInvalidInput as thrown } from '../support/invalid-input';

/**
 * Text with an unpaired UTF-16 surrogate ('x\ud800y'): JavaScript holds it, but no YAML reader
 * of the output does. Synth wrote it as the escape "x\ud800y" and exited 0; kubectl kustomize
 * and helm template then refused the file ("found invalid Unicode character escape code").
 */

const BAD = 'x\ud800y';
const ALLOWED =
  'Allowed: text whose UTF-16 surrogates are all paired (each of \\ud800-\\udbff followed by one of \\udc00-\\udfff).';

function app(): { platform: Platform; app: Application } {
  const platform = new Platform();
  return { platform, app: new Application(new Environment(platform, 'dev', { config: {} }), 'shop') };
}

describe('constructs refuse text with an unpaired surrogate where it is given', () => {
  test('ConfigMap data, with the field, the value, what is allowed and the fix', () => {
    const e = thrown(() => new ConfigMap(app().app, 'settings', { data: { greeting: BAD } }));
    expect(e.message).toBe(
      `dev/shop/settings: field data.greeting: not valid Unicode (got "x\\ud800y"). ${ALLOWED} Remove the unpaired surrogate \\ud800 at index 1.`,
    );
    expect(e).toMatchObject({
      path: 'dev/shop/settings',
      field: 'data.greeting',
      value: BAD,
      reason: 'not valid Unicode',
      hint: 'Remove the unpaired surrogate \\ud800 at index 1.',
    });
  });

  test('an environment variable, a command and its arguments', () => {
    const a = app().app;
    const env = thrown(
      () =>
        new Deployment(a, 'web', {
          containers: [{ image: 'nginx:1.27', env: { GREETING: EnvValue.fromValue('hello \udc00') } }],
        }),
    );
    expect(env.message).toBe(
      `dev/shop/web: field containers[0].env.GREETING: not valid Unicode (got "hello \\udc00"). ${ALLOWED} Remove the unpaired surrogate \\udc00 at index 6.`,
    );
    const args = thrown(
      () =>
        new Deployment(a, 'job', { containers: [{ image: 'nginx:1.27', args: ['ok', '\ud83d\ude00 and \ud83d'] }] }),
    );
    expect(args).toMatchObject({
      field: 'containers[0].args[1]',
      hint: 'Remove the unpaired surrogate \\ud83d at index 7.',
    });
    const command = thrown(
      () => new Deployment(a, 'cmd', { containers: [{ image: 'nginx:1.27', command: ['\udfff\ud800'] }] }),
    );
    expect(command).toMatchObject({
      field: 'containers[0].command[0]',
      hint: 'Remove the unpaired surrogate \\udfff at index 0 (and the 1 other after it).',
    });
  });

  test('annotations (keys and values) and labels', () => {
    const a = app().app;
    expect(thrown(() => new ServiceAccount(a, 'sa', { annotations: { 'example.com/note': BAD } }))).toMatchObject({
      field: 'metadata.annotations.example.com/note',
      reason: 'not valid Unicode',
    });
    expect(thrown(() => new Namespace(a, 'ns', { annotations: { [`example.com/${BAD}`]: 'v' } }))).toMatchObject({
      field: 'metadata.annotations',
      value: `example.com/${BAD}`,
      hint: 'Remove the unpaired surrogate \\ud800 at index 13.',
    });
    expect(thrown(() => new ConfigMap(a, 'labelled', { labels: { tier: BAD } }))).toMatchObject({
      field: 'metadata.labels.tier',
      reason: 'not valid Unicode',
    });
  });

  test('a Secret value, without repeating it', () => {
    const e = thrown(
      () => new Secret(app().app, 'db', { allowPlaintextInOutput: true, stringData: { password: BAD } }),
    );
    expect(e.message).toBe(
      `dev/shop/db: field stringData.password: not valid Unicode. ${ALLOWED} Remove the unpaired surrogate \\ud800 at index 1.`,
    );
    expect(e.value).toBeUndefined();
  });

  test('paired surrogates (an emoji) are text like any other', () => {
    const { platform, app: a } = app();
    new ConfigMap(a, 'settings', { data: { greeting: 'hi \ud83d\ude00' } });
    const r = platform.synth({ outdir: tmpDir(), policy: 'none', dryRun: true });
    expect(r.contents.get('dev/shop/configmap-settings.yaml')).toContain('\n  greeting: hi \ud83d\ude00\n');
  });
});

/** The problems a synth that failed reports; the output folder is not created. */
function synthProblems(platform: Platform): Problem[] {
  const out = path.join(tmpDir(), 'dist');
  try {
    platform.synth({ outdir: out, policy: 'none' });
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationFailed);
    expect(fs.existsSync(out)).toBe(false);
    return [...(e as ValidationFailed).problems];
  }
  throw new Error('synth did not fail');
}

describe('synth refuses it wherever an escape hatch put it', () => {
  test('a JSON patch, an annotation, an L1 object, a key: an error naming the field and the fix, nothing written', () => {
    const { platform, app: a } = app();
    new ConfigMap(a, 'patched', { data: { greeting: 'hello' } }).addJsonPatch(JsonPatch.replace('/data/greeting', BAD));
    new ConfigMap(a, 'annotated').metadata.addAnnotation('example.com/note', 'pre \udbff');
    new ApiResource(a, 'raw', { apiVersion: 'v1', kind: 'ConfigMap' }, { data: { [`k${BAD}`]: 'v', ok: 'fine' } });
    const problems = synthProblems(platform);
    const WHY =
      'is not valid Unicode: it holds an unpaired UTF-16 surrogate, which kubectl and Helm cannot read (the file would be refused)';
    // What nothing lowers (grammar/unicode, like the API server's rules) comes after the rest.
    expect(problems.map((p) => [p.severity, p.rule, p.constructPath, p.field, p.message, p.hint])).toEqual([
      // A ConfigMap key is refused by its own grammar too.
      [
        'error',
        'grammar/data-key',
        'dev/shop/raw',
        'data["kx\\ud800y"]',
        'ConfigMap key "kx\\ud800y" is invalid: keys are at most 253 letters, digits, "-", "_" or ".", and not "." or ".."',
        'Use a key like "kx-y".',
      ],
      [
        'error',
        'grammar/unicode',
        'dev/shop/patched',
        'data.greeting',
        `data.greeting ${WHY}`,
        'Remove the unpaired surrogate \\ud800 at index 1.',
      ],
      [
        'error',
        'grammar/unicode',
        'dev/shop/annotated',
        'metadata.annotations["example.com/note"]',
        `metadata.annotations["example.com/note"] ${WHY}`,
        'Remove the unpaired surrogate \\udbff at index 4.',
      ],
      [
        'error',
        'grammar/unicode',
        'dev/shop/raw',
        'data["kx\\ud800y"]',
        `the key "kx\\ud800y" in data ${WHY}`,
        'Remove the unpaired surrogate \\ud800 at index 2.',
      ],
    ]);
  });
});

test("a Secret's value set on an L1 object is reported without being repeated", () => {
  const { platform, app: a } = app();
  new ApiResource(a, 'db', { apiVersion: 'v1', kind: 'Secret' }, { stringData: { password: BAD } });
  const problems = synthProblems(platform).filter((p) => p.rule === 'grammar/unicode');
  expect(problems.map((p) => [p.field, p.value, p.hint])).toEqual([
    ['stringData.password', undefined, 'Remove the unpaired surrogate \\ud800 at index 1.'],
  ]);
});

test('berth validate refuses YAML input with a "\\ud800" escape as unreadable, naming the line, the field and the fix', async () => {
  const file = path.join(tmpDir(), 'input.yaml');
  fs.writeFileSync(
    file,
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata:\n  greeting: "x\\ud800y"\n  emoji: "\\ud83d\\ude00"\n',
  );
  const io = captureIO();
  // kubectl refuses the whole file, so it is input validate cannot read (exit 2), not a problem of one object.
  expect(await runValidateCommand([file, '--policy', 'none'], io)).toBe(2);
  expect(io.out).toBe('');
  expect(io.err).toBe(
    [
      `berth validate: ${file}:7:13: cannot read YAML: the value at data.greeting holds \\ud800, half of a UTF-16 surrogate pair: it is not text, and kubectl and Helm refuse it`,
      '  hint: Write the character itself, or both halves of its escape (\\ud83d\\ude00 is one emoji).',
      '',
    ].join('\n'),
  );
});

test('no waiver and no setting lowers grammar/unicode: kubectl could not read the output', () => {
  const platform = new Platform();
  const app = new Application(new Environment(platform, 'dev', { config: {} }), 'shop');
  expect(thrown(() => Waivers.of(app).waive('grammar/unicode', 'we know what we are doing')).reason).toBe(
    '"grammar/unicode" reports text kubectl and Helm cannot read, so no waiver or setting can lower it',
  );
  const cm = new ConfigMap(app, 'settings', { data: { greeting: 'hi' } });
  cm.addJsonPatch(JsonPatch.add('/data/broken', 'x\ud800y'));
  const problems = (): string[] => {
    try {
      platform.synth({ dryRun: true, policy: 'none', severities: { 'grammar/unicode': 'off' } });
      return [];
    } catch (e) {
      return (e as ValidationFailed).problems.map((p) => `${p.severity} ${p.rule} ${p.field}`);
    }
  };
  expect(problems()).toEqual(['error grammar/unicode data.broken']);
});
