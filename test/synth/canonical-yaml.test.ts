import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { dump } from 'js-yaml';
import { readCanonicalDocuments, readCanonicalYaml } from '../../lib/yaml/canonical-yaml';
import { toYaml } from '../../lib/yaml/yaml';

/** Normalizes -0 (written as 0) the way JSON does. */
const normalize = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
const isCollection = (v: unknown): boolean => typeof v === 'object' && v !== null;

/** Strings made of YAML-special pieces: booleans, numbers, indicators, line breaks, spaces. */
const yamlishUnit = fc.oneof(
  fc.constantFrom(
    'y',
    'no',
    'ON',
    'null',
    '~',
    '0',
    '7',
    '0x',
    'e',
    '-',
    '.',
    ':',
    ': ',
    ' #',
    '#',
    '2001-12-14',
    ' ',
    '\n',
    '\n\n',
    '\t',
    '"',
    "'",
    '|',
    '[',
    '{',
    '\\',
    'é',
    '\u2028',
    '---',
    'a',
    'b',
  ),
  fc.string({ unit: 'binary-ascii', maxLength: 1 }),
);

/** Each reading of `text` by the `yaml` package, as YAML 1.1 and 1.2. */
function fullReads(text: string): unknown[] {
  return (['1.1', '1.2'] as const).map((version) => {
    const doc = YAML.parseDocument(text, { version, uniqueKeys: true });
    return doc.errors.length > 0 ? 'error' : doc.toJS();
  });
}

/** `text` with `e.what` inserted at `e.at` (modulo its length), or the character there deleted. */
function edited(text: string, e: { readonly at: number; readonly what: string }): string {
  const at = e.at % text.length;
  return e.what === 'delete' ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + e.what + text.slice(at);
}

/**
 * The fast reader may decline (undefined); when it reads, it reads what every full reading
 * gives. The full readings are made only then: some texts it declines make them throw.
 */
function expectNothingOr(read: unknown, fullReadings: () => readonly unknown[]): void {
  if (read === undefined) return;
  for (const full of fullReadings()) expect(full).toEqual(read);
}

describe('readCanonicalYaml', () => {
  it('reads back any collection the emitter wrote', () => {
    for (const arb of [fc.jsonValue(), fc.jsonValue({ stringUnit: yamlishUnit, maxDepth: 4 })]) {
      fc.assert(
        fc.property(arb, (v) => {
          const read = readCanonicalYaml(toYaml(v));
          // A document that is a single scalar is left to the full parser.
          expect(read).toEqual(isCollection(v) ? normalize(v) : undefined);
        }),
        { numRuns: 1500 },
      );
    }
  });

  it('reads a key __proto__ as a key, and literal blocks of every chomping', () => {
    const v = JSON.parse(
      '{"__proto__": {"a": "x\\n"}, "b": ["x\\n\\n\\n", "  lead\\nx", "no end", {"k": "a\\nb"}]}',
    ) as unknown;
    const text = toYaml(v);
    expect(text).toContain('|+');
    expect(text).toContain('|2-');
    const read = readCanonicalYaml(text) as Record<string, unknown>;
    expect(Object.prototype.hasOwnProperty.call(read, '__proto__')).toBe(true);
    expect(read).toEqual(v);
  });

  it('gives what a YAML reader gives, or nothing, for any edit of an emitted text', () => {
    const edit = fc.record({
      at: fc.nat(),
      what: fc.constantFrom(' ', '\n', ':', '-', '#', '"', "'", '&', '*', '{', '|', 'x', '0', 'delete'),
    });
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: yamlishUnit, maxDepth: 3 }), edit, (v, e) => {
        const original = toYaml(v);
        const text = edited(original, e);
        expectNothingOr(readCanonicalYaml(text), () => fullReads(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves nesting deeper than its recursion to the full parser, without throwing', () => {
    let text = '';
    for (let i = 0; i < 20000; i++) text += '- ';
    expect(readCanonicalYaml(`${text}x\n`)).toBeUndefined();
  });

  it('leaves other layouts to the full parser', () => {
    const others = [
      'a: 1\n# a comment\n',
      'a: {b: 1}\n',
      "a: 'x'\n",
      'a:  x\n',
      'a:\n    b: 1\n',
      'a: &x 1\nb: *x\n',
      'a: 1\n---\nb: 2\n',
      'a: 1\na: 2\n',
      'true: x\n',
      'a: x \n',
      'a: 1',
      'a:\n\tb: 1\n',
      'a:\n- x\n',
      '- \n',
      '',
      'x\n',
      // Half a surrogate pair is no text (kubectl refuses it): the full parser says where.
      'a: "\\ud800"\n',
      'a: "x\\udc00"\n',
    ];
    for (const text of others) expect(readCanonicalYaml(text)).toBeUndefined();
  });

  it('reads every file Berth wrote for the reference platform as the full parser does', () => {
    const dist = path.resolve(__dirname, '../../dist');
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.yaml$/.test(e.name) && !p.includes(`${path.sep}charts${path.sep}`)) files.push(p);
      }
    };
    walk(dist);
    expect(files.length).toBeGreaterThan(50);
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      const read = readCanonicalYaml(text);
      expect([f, read === undefined]).toEqual([f, false]);
      for (const full of fullReads(text)) expect(full).toEqual(read);
    }
  });
});

/** Each reading of a stream by the `yaml` package, as YAML 1.1 and 1.2: its non-empty documents. */
function fullStreamReads(text: string): unknown[] {
  return (['1.1', '1.2'] as const).map((version) => {
    const docs = YAML.parseAllDocuments(text, { version, uniqueKeys: true });
    if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) return 'error';
    return docs.map((d) => d.toJS() as unknown).filter((v) => v !== null);
  });
}

/** Streams of emitted collections: `---` between them, maybe a first `---`, comments opening documents, empty documents. */
const stream = fc
  .array(
    fc.record({
      doc: fc.oneof(
        fc.dictionary(
          fc.string({ unit: yamlishUnit, maxLength: 3 }),
          fc.jsonValue({ stringUnit: yamlishUnit, maxDepth: 2 }),
          { minKeys: 1, maxKeys: 3 },
        ),
        fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 1, maxLength: 3 }),
      ),
      comments: fc.array(fc.constantFrom('# Source: chart/templates/a.yaml', '#', '# ---'), { maxLength: 2 }),
      emptyAfter: fc.boolean(),
    }),
    { maxLength: 4 },
  )
  .chain((docs) =>
    fc.boolean().map((leading) => {
      const parts = docs.map(
        (d) => `${d.comments.map((c) => `${c}\n`).join('')}${toYaml(d.doc)}${d.emptyAfter ? '---\n' : ''}`,
      );
      return { text: (leading ? '---\n' : '') + parts.join('---\n'), docs: docs.map((d) => normalize(d.doc)) };
    }),
  );

describe('readCanonicalDocuments', () => {
  it('reads a stream of emitted documents as a YAML reader does', () => {
    fc.assert(
      fc.property(stream, ({ text, docs }) => {
        const read = readCanonicalDocuments(text);
        expect(read).toEqual(docs);
        for (const full of fullStreamReads(text)) expect(full).toEqual(read);
      }),
      { numRuns: 1500 },
    );
  });

  it('gives what a YAML reader gives, or nothing, for any edit of such a stream', () => {
    const edit = fc.record({
      at: fc.nat(),
      what: fc.constantFrom(
        ' ',
        '\n',
        ':',
        '-',
        '---\n',
        '\n---',
        '#',
        '"',
        '%',
        '.',
        '...\n',
        '&',
        '*',
        'x',
        'delete',
      ),
    });
    fc.assert(
      fc.property(stream, edit, ({ text: original }, e) => {
        if (original.length === 0) return;
        const text = edited(original, e);
        expectNothingOr(readCanonicalDocuments(text), () => fullStreamReads(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves streams with anything else to the full parser', () => {
    const others = [
      'a: 1\n--- # c\nb: 2\n',
      'a: 1\n...\n---\nb: 2\n',
      '%YAML 1.1\n---\na: 1\n',
      'a: 1\n---\nb: 2',
      'a: 1\n# after\n---\nb: 2\n',
      '  # indented\na: 1\n',
      '# no line end',
      'a: 1\n---\nb: {c: 1}\n',
      '--- a: 1\n',
    ];
    for (const text of others) expect([text, readCanonicalDocuments(text)]).toEqual([text, undefined]);
  });

  it("reads the streams cdk8s (the yaml package, lineWidth 0) writes, as the full parser does; js-yaml's single quotes go to the full parser", () => {
    const objects = [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'a', labels: { tier: 'web' } },
        data: { port: '8080', text: 'line one\nline two\n' },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'b' },
        spec: { ports: [{ port: 80, targetPort: 8080 }], selector: {} },
      },
    ];
    const jsYaml = objects.map((o) => dump(o, { lineWidth: -1, noRefs: true })).join('---\n');
    const cdk8s = objects.map((o) => YAML.stringify(o, { lineWidth: 0 })).join('---\n');
    expect(jsYaml).toContain("port: '8080'");
    expect(readCanonicalDocuments(jsYaml)).toBeUndefined();
    for (const text of [cdk8s, `---\n# Source: x/templates/a.yaml\n${cdk8s}`]) {
      expect(readCanonicalDocuments(text)).toEqual(objects);
      for (const full of fullStreamReads(text)) expect(full).toEqual(objects);
    }
  });
});
