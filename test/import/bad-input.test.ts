import { mkdirSync, readdirSync } from 'fs';
import { join } from 'path';
import { formatDiagnostic, importCrds, ImportResult } from '../../lib/import';
import { cleanTempDirs, crd, tempDir, writeInput } from './helpers';

afterAll(cleanTempDirs);

const schema = { type: 'object', properties: { spec: { type: 'object', properties: { a: { type: 'string' } } } } };

/** Runs the import from inside `dir` so that messages show short relative paths. */
function importIn(
  dir: string,
  inputs: string[],
  stdinText?: string,
): { result: ImportResult; messages: string[]; out: string } {
  const out = join(dir, 'out');
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const result = importCrds({ outDir: out, inputs, stdinText });
    return { result, messages: result.diagnostics.map(formatDiagnostic), out };
  } finally {
    process.chdir(cwd);
  }
}

function outputs(out: string): string[] {
  try {
    return readdirSync(out)
      .filter((f) => f.endsWith('.ts'))
      .sort();
  } catch {
    return [];
  }
}

describe('bad input gives clear diagnostics and never a stack trace', () => {
  test('a file that is not YAML is an error naming the file, the document and the position', () => {
    const dir = tempDir();
    writeInput(dir, 'broken.yaml', 'apiVersion: v1\nkind: [unclosed\n  - {{ nope\n');
    const { messages, out } = importIn(dir, ['broken.yaml']);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^broken\.yaml#0: not valid YAML \(line \d+, column \d+\): .+/);
    expect(outputs(out)).toEqual([]);
  });

  test('a scalar document is an error saying a Kubernetes object was expected', () => {
    const dir = tempDir();
    writeInput(dir, 'prose.yaml', 'This is just some prose, not a manifest.\n');
    expect(importIn(dir, ['prose.yaml']).messages).toEqual([
      'prose.yaml#0: not a Kubernetes object (found a string); expected a CustomResourceDefinition',
    ]);
  });

  test('a document that is not a CRD is skipped with a note', () => {
    const dir = tempDir();
    writeInput(dir, 'cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    const { result, messages, out } = importIn(dir, ['cm.yaml']);
    expect(messages).toEqual(['cm.yaml#0: note: skipped v1 ConfigMap: not a CustomResourceDefinition']);
    expect(result.diagnostics[0].severity).toBe('note');
    expect(outputs(out)).toEqual([]);
  });

  test('a CRD without a schema is an error', () => {
    const dir = tempDir();
    const noSchema = crd({ schema }) as { spec: { versions: Record<string, unknown>[] } };
    delete noSchema.spec.versions[0].schema;
    writeInput(dir, 'noschema.yaml', JSON.stringify(noSchema));
    expect(importIn(dir, ['noschema.yaml']).messages).toEqual([
      'noschema.yaml#0: CustomResourceDefinition widgets.example.com: version v1 has no schema (spec.versions[0].schema.openAPIV3Schema)',
    ]);
  });

  test('an apiextensions.k8s.io/v1beta1 CRD is an error saying to convert it to v1', () => {
    const dir = tempDir();
    writeInput(
      dir,
      'old.yaml',
      [
        'apiVersion: apiextensions.k8s.io/v1beta1',
        'kind: CustomResourceDefinition',
        'metadata:',
        '  name: widgets.example.com',
        'spec:',
        '  group: example.com',
        '  version: v1',
        '  names: { kind: Widget, plural: widgets }',
        '  validation:',
        '    openAPIV3Schema: { type: object }',
      ].join('\n'),
    );
    expect(importIn(dir, ['old.yaml']).messages).toEqual([
      'old.yaml#0: CustomResourceDefinition widgets.example.com uses apiextensions.k8s.io/v1beta1, which is not supported: convert it to apiextensions.k8s.io/v1',
    ]);
  });

  test('comment-only and empty documents are skipped silently', () => {
    const dir = tempDir();
    writeInput(
      dir,
      'comments.yaml',
      `# just a comment\n---\n---\n# another\n---\n${JSON.stringify(crd({ schema }))}\n---\n`,
    );
    const { result, messages, out } = importIn(dir, ['comments.yaml']);
    expect(messages).toEqual([]);
    expect(result.written).toEqual([join(out, 'example.com.ts')]);
  });

  test('two CRDs defining the same group and kind are an error naming both', () => {
    const dir = tempDir();
    writeInput(dir, 'a.yaml', JSON.stringify(crd({ schema })));
    writeInput(dir, 'b.yaml', `apiVersion: v1\nkind: ConfigMap\n---\n${JSON.stringify(crd({ schema }))}`);
    const { messages, out } = importIn(dir, ['a.yaml', 'b.yaml']);
    expect(messages).toEqual([
      'b.yaml#0: note: skipped v1 ConfigMap: not a CustomResourceDefinition',
      'b.yaml#1: group example.com kind Widget is already defined by a.yaml#0',
    ]);
    expect(outputs(out)).toEqual([]);
  });

  test('a mixed multi-document file imports the CRDs and notes the other kinds', () => {
    const dir = tempDir();
    writeInput(
      dir,
      'mixed.yaml',
      [
        JSON.stringify(crd({ schema, kind: 'Widget' })),
        '# only a comment',
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d }',
        JSON.stringify(crd({ schema, kind: 'Gadget' })),
        'apiVersion: v1\nkind: Service\nmetadata: { name: s }',
      ].join('\n---\n'),
    );
    const { result, messages, out } = importIn(dir, ['mixed.yaml']);
    expect(messages).toEqual([
      'mixed.yaml#2: note: skipped apps/v1 Deployment: not a CustomResourceDefinition',
      'mixed.yaml#4: note: skipped v1 Service: not a CustomResourceDefinition',
    ]);
    expect(result.written).toEqual([join(out, 'example.com.ts')]);
  });

  test('a List of CRDs imports its items', () => {
    const dir = tempDir();
    writeInput(
      dir,
      'list.yaml',
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          crd({ schema, kind: 'Widget', group: 'a.example.com' }),
          crd({ schema, kind: 'Gadget', group: 'b.example.com' }),
          { apiVersion: 'v1', kind: 'Secret' },
        ],
      }),
    );
    const { messages, out } = importIn(dir, ['list.yaml']);
    expect(messages).toEqual(['list.yaml#0: note: items[2]: skipped v1 Secret: not a CustomResourceDefinition']);
    expect(outputs(out)).toEqual(['a.example.com.ts', 'b.example.com.ts']);
  });

  test('a nonexistent file is an error', () => {
    const dir = tempDir();
    expect(importIn(dir, ['missing.yaml']).messages).toEqual([
      'missing.yaml: cannot read the file: no such file or directory',
    ]);
  });

  test('a directory input imports every *.yaml and *.yml inside, in sorted order', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'crds'));
    writeInput(dir, 'crds/b.yml', JSON.stringify(crd({ schema, kind: 'Beta', group: 'b.example.com' })));
    writeInput(dir, 'crds/a.yaml', JSON.stringify(crd({ schema, kind: 'Alpha', group: 'a.example.com' })));
    writeInput(dir, 'crds/readme.md', 'not an input');
    const { result, messages, out } = importIn(dir, ['crds']);
    expect(messages).toEqual([]);
    expect(result.written).toEqual([join(out, 'a.example.com.ts'), join(out, 'b.example.com.ts')]);
  });

  test('an empty directory is an error', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'empty'));
    expect(importIn(dir, ['empty']).messages).toEqual(['empty: the directory holds no *.yaml or *.yml file']);
  });

  test('every file given is imported, and two files of one group are merged into one module', () => {
    const dir = tempDir();
    writeInput(dir, 'w.yaml', JSON.stringify(crd({ schema, kind: 'Widget' })));
    writeInput(dir, 'g.yaml', JSON.stringify(crd({ schema, kind: 'Gadget' })));
    writeInput(dir, 'o.yaml', JSON.stringify(crd({ schema, kind: 'Other', group: 'other.example.com' })));
    const { result, out } = importIn(dir, ['w.yaml', 'g.yaml', 'o.yaml']);
    expect(result.written).toEqual([join(out, 'example.com.ts'), join(out, 'other.example.com.ts')]);
    const text = require('fs').readFileSync(join(out, 'example.com.ts'), 'utf8') as string;
    expect(text.split('\n')[0]).toBe(
      '// Generated by `berth import` from g.yaml, w.yaml. Do not edit: change the input and rerun the command.',
    );
    expect(text).toContain('export class Gadget extends ApiResource');
    expect(text).toContain('export class Widget extends ApiResource');
  });

  test('importing a second file of a group into the same folder later merges instead of overwriting', () => {
    const dir = tempDir();
    writeInput(dir, 'w.yaml', JSON.stringify(crd({ schema, kind: 'Widget' })));
    writeInput(dir, 'g.yaml', JSON.stringify(crd({ schema, kind: 'Gadget' })));
    importIn(dir, ['w.yaml']);
    const { result, out } = importIn(dir, ['g.yaml']);
    expect(result.written).toEqual([join(out, 'example.com.ts')]);
    const text = require('fs').readFileSync(join(out, 'example.com.ts'), 'utf8') as string;
    expect(text).toContain('export class Gadget extends ApiResource');
    expect(text).toContain('export class Widget extends ApiResource');
  });

  test('standard input is read when an input is -', () => {
    const dir = tempDir();
    const { result, messages, out } = importIn(dir, ['-'], JSON.stringify(crd({ schema })));
    expect(messages).toEqual([]);
    expect(result.written).toEqual([join(out, 'example.com.ts')]);
  });

  test('invalid group and kind names are errors', () => {
    const dir = tempDir();
    writeInput(
      dir,
      'names.yaml',
      [JSON.stringify(crd({ schema, group: '../escape' })), JSON.stringify(crd({ schema, kind: 'Bad-Kind' }))].join(
        '\n---\n',
      ),
    );
    expect(importIn(dir, ['names.yaml']).messages).toEqual([
      'names.yaml#0: CustomResourceDefinition widgets.../escape: spec.group "../escape" is not a valid API group name',
      'names.yaml#1: CustomResourceDefinition bad-kinds.example.com: spec.names.kind "Bad-Kind" is not a valid kind name',
    ]);
  });

  test('a YAML alias bomb is rejected quickly instead of hanging', () => {
    const dir = tempDir();
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    writeInput(dir, 'bomb.yaml', lines.join('\n'));
    const started = Date.now();
    const { messages } = importIn(dir, ['bomb.yaml']);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^bomb\.yaml#0: cannot read the YAML document: /);
  });
});
