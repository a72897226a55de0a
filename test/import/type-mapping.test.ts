import { readFileSync } from 'fs';
import { join } from 'path';
import { importCrds, normalizeSchema } from '../../lib/import';
import { cleanTempDirs, compile, crd, declaredNames, loadGenerated, memberType, tempDir, writeInput } from './helpers';

afterAll(cleanTempDirs);

/** Imports a Widget CRD whose `spec` has `specProperties`; returns the module text. */
function generate(
  specProperties: Record<string, unknown>,
  specExtra: Record<string, unknown> = {},
): { text: string; file: string } {
  const dir = tempDir();
  const schema = { type: 'object', properties: { spec: { type: 'object', properties: specProperties, ...specExtra } } };
  const input = writeInput(dir, 'widget.json', JSON.stringify(crd({ schema })));
  const out = join(dir, 'out');
  const result = importCrds({ outDir: out, inputs: [input] });
  expect(result.diagnostics).toEqual([]);
  const file = join(out, 'example.com.ts');
  return { text: readFileSync(file, 'utf8'), file };
}

describe('type mapping', () => {
  test('an enum becomes a union of literal types', () => {
    const { text } = generate({
      mode: { type: 'string', enum: ['Fast', 'Safe'] },
      level: { type: 'integer', enum: [1, 2] },
    });
    expect(memberType(text, 'WidgetSpec', 'mode')).toBe("?'Fast' | 'Safe'");
    expect(memberType(text, 'WidgetSpec', 'level')).toBe('?1 | 2');
  });

  test('required properties are not optional and the others are', () => {
    const { text } = generate({ a: { type: 'string' }, b: { type: 'string' } }, { required: ['a'] });
    expect(memberType(text, 'WidgetSpec', 'a')).toBe('string');
    expect(memberType(text, 'WidgetSpec', 'b')).toBe('?string');
  });

  test('nullable adds null to the type', () => {
    const { text } = generate({ n: { type: 'string', nullable: true } });
    expect(memberType(text, 'WidgetSpec', 'n')).toBe('?string | null');
  });

  test('x-kubernetes-int-or-string becomes number | string', () => {
    const { text } = generate({
      port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
      bare: { 'x-kubernetes-int-or-string': true },
    });
    expect(memberType(text, 'WidgetSpec', 'port')).toBe('?number | string');
    expect(memberType(text, 'WidgetSpec', 'bare')).toBe('?number | string');
  });

  test('x-kubernetes-preserve-unknown-fields keeps declared properties and admits any other key', () => {
    const { text } = generate({
      open: {
        type: 'object',
        'x-kubernetes-preserve-unknown-fields': true,
        properties: { declared: { type: 'string' } },
      },
      bag: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      anything: { 'x-kubernetes-preserve-unknown-fields': true },
    });
    expect(memberType(text, 'WidgetSpec', 'open')).toBe('?WidgetSpecOpen');
    expect(memberType(text, 'WidgetSpecOpen', 'declared')).toBe('?string');
    expect(memberType(text, 'WidgetSpecOpen', '[key: string]')).toBe('unknown');
    expect(memberType(text, 'WidgetSpec', 'bag')).toBe('?{ readonly [key: string]: unknown }');
    expect(memberType(text, 'WidgetSpec', 'anything')).toBe('?unknown');
  });

  test('x-kubernetes-embedded-resource becomes an object with apiVersion, kind, metadata and the declared properties', () => {
    const { text } = generate({
      template: {
        type: 'object',
        'x-kubernetes-embedded-resource': true,
        'x-kubernetes-preserve-unknown-fields': true,
        properties: { spec: { type: 'object', properties: { x: { type: 'string' } } } },
      },
    });
    expect(memberType(text, 'WidgetSpec', 'template')).toBe('?WidgetSpecTemplate');
    expect(memberType(text, 'WidgetSpecTemplate', 'apiVersion')).toBe('?string');
    expect(memberType(text, 'WidgetSpecTemplate', 'kind')).toBe('?string');
    expect(memberType(text, 'WidgetSpecTemplate', 'metadata')).toBe('?{ readonly [key: string]: unknown }');
    expect(memberType(text, 'WidgetSpecTemplate', 'spec')).toBe('?WidgetSpecTemplateSpec');
  });

  test('additionalProperties becomes an index signature', () => {
    const { text } = generate({
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      any: { type: 'object', additionalProperties: true },
      objects: { type: 'object', additionalProperties: { type: 'object', properties: { size: { type: 'integer' } } } },
      mixed: { type: 'object', properties: { fixed: { type: 'string' } }, additionalProperties: { type: 'string' } },
    });
    expect(memberType(text, 'WidgetSpec', 'labels')).toBe('?{ readonly [key: string]: string }');
    expect(memberType(text, 'WidgetSpec', 'any')).toBe('?{ readonly [key: string]: unknown }');
    expect(memberType(text, 'WidgetSpec', 'objects')).toBe('?{ readonly [key: string]: WidgetSpecObjectsValue }');
    expect(memberType(text, 'WidgetSpecObjectsValue', 'size')).toBe('?number');
    expect(memberType(text, 'WidgetSpecMixed', 'fixed')).toBe('?string');
    expect(memberType(text, 'WidgetSpecMixed', '[key: string]')).toBe('unknown');
  });

  test('arrays of arrays keep their nesting', () => {
    const { text } = generate({
      matrix: { type: 'array', items: { type: 'array', items: { type: 'integer' } } },
      unions: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } },
      untyped: { type: 'array' },
    });
    expect(memberType(text, 'WidgetSpec', 'matrix')).toBe('?number[][]');
    expect(memberType(text, 'WidgetSpec', 'unions')).toBe("?('a' | 'b')[]");
    expect(memberType(text, 'WidgetSpec', 'untyped')).toBe('?unknown[]');
  });

  test('integer and number become number, boolean stays boolean', () => {
    const { text } = generate({
      i: { type: 'integer', format: 'int32' },
      f: { type: 'number' },
      b: { type: 'boolean' },
    });
    expect(memberType(text, 'WidgetSpec', 'i')).toBe('?number');
    expect(memberType(text, 'WidgetSpec', 'f')).toBe('?number');
    expect(memberType(text, 'WidgetSpec', 'b')).toBe('?boolean');
  });

  test('format and default are kept as TSDoc tags', () => {
    const { text } = generate({ replicas: { type: 'integer', format: 'int32', default: 3, description: 'How many.' } });
    expect(text).toContain(
      [
        '  /**',
        '   * How many.',
        '   * @format int32',
        '   * @default 3',
        '   */',
        '  readonly replicas?: number;',
      ].join('\n'),
    );
  });

  test('oneOf and anyOf with typed branches become unions; validation-only ones are dropped', () => {
    const { text } = generate({
      either: { oneOf: [{ type: 'string' }, { type: 'boolean' }] },
      checked: {
        type: 'object',
        properties: { a: { type: 'string' }, b: { type: 'string' } },
        oneOf: [{ required: ['a'] }, { required: ['b'] }],
      },
    });
    expect(memberType(text, 'WidgetSpec', 'either')).toBe('?string | boolean');
    expect(memberType(text, 'WidgetSpec', 'checked')).toBe('?WidgetSpecChecked');
    expect(memberType(text, 'WidgetSpecChecked', 'a')).toBe('?string');
  });

  test('allOf branches are merged into one object', () => {
    const { text } = generate({
      merged: {
        allOf: [
          { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
          { properties: { b: { type: 'integer' } } },
        ],
      },
    });
    expect(memberType(text, 'WidgetSpecMerged', 'a')).toBe('string');
    expect(memberType(text, 'WidgetSpecMerged', 'b')).toBe('?number');
  });

  test('property names are kept exactly, quoted when they are not identifiers, and work at run time', () => {
    const names = [
      'max-unavailable',
      'app.kubernetes.io/name',
      'with space',
      'default',
      'class',
      'delete',
      'constructor',
      'camelCase',
      '$ref',
      '0start',
    ];
    const { text, file } = generate(Object.fromEntries(names.map((n) => [n, { type: 'string' }])));
    expect(memberType(text, 'WidgetSpec')).toBe(
      [
        "readonly 'max-unavailable'?: string;",
        "readonly 'app.kubernetes.io/name'?: string;",
        "readonly 'with space'?: string;",
        'readonly default?: string;',
        'readonly class?: string;',
        'readonly delete?: string;',
        "readonly 'constructor'?: string | Object['constructor'];",
        'readonly camelCase?: string;',
        'readonly $ref?: string;',
        "readonly '0start'?: string;",
      ].join(' '),
    );
    expect(compile([file])).toEqual([]);
    const mod = loadGenerated(file) as { Widget: { manifest(p: object): Record<string, unknown> } };
    const spec = Object.fromEntries(names.map((n) => [n, `v-${n}`]));
    expect(mod.Widget.manifest({ spec }).spec).toEqual(spec);
  });

  test('text from schemas cannot break out of comments or strings, and the module compiles without running it', () => {
    const evil = "*/console.log('hello')/* `${process.exit(3)}` \\ */ (globalThis as any).__berthPwned = 1; /*";
    const dir = tempDir();
    const schema = {
      type: 'object',
      description: evil,
      properties: {
        spec: {
          type: 'object',
          description: evil,
          properties: {
            m: {
              type: 'string',
              enum: [evil, "it's", '\\', '${x}', '`'],
              default: evil,
              format: evil,
              description: evil,
            },
            [evil]: { type: 'string', description: evil },
          },
        },
      },
    };
    const input = writeInput(dir, 'evil.json', JSON.stringify(crd({ kind: 'Evil', schema })));
    const out = join(dir, 'out');
    expect(importCrds({ outDir: out, inputs: [input] }).diagnostics).toEqual([]);
    const file = join(out, 'example.com.ts');
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain("*/console.log('hello')");
    expect(text).toContain("*\\/console.log('hello')/\\*");
    expect(compile([file])).toEqual([]);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const mod = loadGenerated(file) as { Evil: { manifest(p: object): Record<string, unknown> } };
      expect(log).not.toHaveBeenCalled();
      expect((globalThis as Record<string, unknown>).__berthPwned).toBeUndefined();
      expect(mod.Evil.manifest({ spec: { m: evil, [evil]: 'x' } }).spec).toEqual({ m: evil, [evil]: 'x' });
    } finally {
      log.mockRestore();
    }
    expect(memberType(text, 'EvilSpec', 'm')).toBe(
      `?${[evil, "it's", '\\', '${x}', '`'].map((s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`).join(' | ')}`,
    );
  });

  test('structurally identical subtrees are emitted once and reused', () => {
    const ref = { type: 'object', properties: { name: { type: 'string' }, namespace: { type: 'string' } } };
    const { text } = generate({ source: ref, target: ref, list: { type: 'array', items: ref } });
    expect(memberType(text, 'WidgetSpec', 'source')).toBe('?WidgetSpecSource');
    expect(memberType(text, 'WidgetSpec', 'target')).toBe('?WidgetSpecSource');
    expect(memberType(text, 'WidgetSpec', 'list')).toBe('?WidgetSpecSource[]');
    expect(declaredNames(text).filter((n) => n.startsWith('WidgetSpec'))).toEqual(['WidgetSpec', 'WidgetSpecSource']);
  });

  test('the storage version is the Kind class and every served version is <Kind><Version>', () => {
    const dir = tempDir();
    const v = (extra: object) => ({
      type: 'object',
      properties: { spec: { type: 'object', properties: { size: { type: 'integer' }, ...extra } } },
    });
    const input = writeInput(
      dir,
      'w.json',
      JSON.stringify(
        crd({
          versions: [
            { name: 'v1alpha1', served: true, storage: false, schema: v({ legacy: { type: 'string' } }) },
            { name: 'v1', served: true, storage: true, schema: v({}) },
            { name: 'v1beta1', served: false, storage: false, schema: v({}) },
          ],
        }),
      ),
    );
    const out = join(dir, 'out');
    expect(importCrds({ outDir: out, inputs: [input] }).diagnostics).toEqual([]);
    const file = join(out, 'example.com.ts');
    const text = readFileSync(file, 'utf8');
    expect(declaredNames(text)).toEqual([
      'Widget',
      'WidgetProps',
      'WidgetV1',
      'WidgetV1Props',
      'WidgetV1alpha1',
      'WidgetV1alpha1Props',
      'WidgetSpec',
      'WidgetV1alpha1Spec',
    ]);
    expect(memberType(text, 'WidgetV1Props')).toBe('WidgetProps');
    expect(memberType(text, 'WidgetV1alpha1Spec', 'legacy')).toBe('?string');
    expect(compile([file])).toEqual([]);
    const mod = loadGenerated(file) as Record<string, { GVK: object }>;
    expect(mod.Widget.GVK).toEqual({ apiVersion: 'example.com/v1', kind: 'Widget' });
    expect(mod.WidgetV1alpha1.GVK).toEqual({ apiVersion: 'example.com/v1alpha1', kind: 'Widget' });
  });

  test('kinds named like JavaScript globals or runtime imports compile and do not break the globals', () => {
    const dir = tempDir();
    const kinds = [
      'Object',
      'Function',
      'Promise',
      'Array',
      'String',
      'Symbol',
      'Error',
      'Date',
      'Map',
      'JSON',
      'Construct',
      'ApiResource',
      'ApiObjectMetadata',
      'Record',
    ];
    const schema = { type: 'object', properties: { spec: { type: 'object', properties: { a: { type: 'string' } } } } };
    const docs = kinds
      .map((kind) => JSON.stringify(crd({ group: 'globals.example.com', kind, schema })))
      .join('\n---\n');
    const input = writeInput(dir, 'globals.yaml', docs);
    const out = join(dir, 'out');
    expect(importCrds({ outDir: out, inputs: [input] }).diagnostics).toEqual([]);
    const file = join(out, 'globals.example.com.ts');
    expect(compile([file])).toEqual([]);
    const mod = loadGenerated(file) as Record<string, { GVK: { kind: string }; manifest(p: object): object }>;
    for (const kind of kinds) {
      expect(mod[kind].GVK).toEqual({ apiVersion: 'globals.example.com/v1', kind });
      expect(mod[kind].manifest({ spec: { a: 'x' } })).toEqual({
        apiVersion: 'globals.example.com/v1',
        kind,
        spec: { a: 'x' },
      });
    }
    const { Chart, Testing } = require('cdk8s') as typeof import('cdk8s');
    const chart = new Chart(Testing.app(), 'c');
    const Ctor = mod.Object as unknown as new (
      s: unknown,
      id: string,
      p: object,
    ) => { toJson(): Record<string, unknown> };
    expect(new Ctor(chart, 'o', { metadata: { name: 'o' }, spec: { a: 'b' } }).toJson()).toEqual({
      apiVersion: 'globals.example.com/v1',
      kind: 'Object',
      metadata: { name: 'o' },
      spec: { a: 'b' },
    });
  });

  test('normalization does not mutate its input', () => {
    const input = {
      type: 'object',
      properties: {
        p: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
        q: { type: 'object', additionalProperties: true },
      },
    };
    const before = JSON.stringify(input);
    const out = normalizeSchema(Object.freeze(input));
    expect(JSON.stringify(input)).toBe(before);
    expect(out).not.toBe(input);
    expect((out.properties as Record<string, object>).q).toEqual({ type: 'object', additionalProperties: {} });
  });
});
