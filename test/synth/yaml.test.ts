import * as fc from 'fast-check';
import * as jsyaml from 'js-yaml';
import * as YAML from 'yaml';
import { isPlainSafe, toYaml, toYamlDocuments } from '../../lib/yaml/yaml';

/** The `yaml` package's YAML 1.1 schema: 1.1 booleans, octal/sexagesimal ints, timestamps, merge keys. */
const read11 = (text: string): unknown => YAML.parse(text, { version: '1.1' });
/** YAML 1.2 core schema. */
const read12 = (text: string): unknown => YAML.parse(text);
const readJs = (text: string): unknown => jsyaml.load(text);
const readers: Array<[string, (text: string) => unknown]> = [
  ['yaml 1.1', read11],
  ['yaml 1.2', read12],
  ['js-yaml', readJs],
];

/** Asserts every reader reads `text` back as `expected`. */
function expectReadsAs(text: string, expected: unknown): void {
  for (const [name, read] of readers) {
    let actual: unknown;
    try {
      actual = read(text);
    } catch (e) {
      throw new Error(`${name} failed on ${JSON.stringify(text)}: ${String(e)}`, { cause: e });
    }
    if (!equalJson(actual, expected)) {
      throw new Error(
        `${name} read ${JSON.stringify(text)} as ${fc.stringify(actual)}, expected ${fc.stringify(expected)}`,
      );
    }
  }
}

function equalJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => equalJson(x, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) =>
      Object.prototype.hasOwnProperty.call(b, k) &&
      equalJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/** Token types of the emitted text that must never appear: anchors, aliases, tags, directives. */
function forbiddenTokens(text: string): string[] {
  const bad: string[] = [];
  for (const tok of new YAML.Lexer().lex(text)) {
    const type = YAML.CST.tokenType(tok);
    if (type === 'anchor' || type === 'alias' || type === 'tag' || type === 'directive-line')
      bad.push(`${type} ${tok}`);
  }
  return bad;
}

/** Parses as a YAML 1.1 document and returns errors and warnings (there must be none). */
function diagnostics(text: string): string[] {
  const msgs: string[] = [];
  for (const doc of YAML.parseAllDocuments(text, { version: '1.1' })) {
    for (const e of [...doc.errors, ...doc.warnings]) msgs.push(e.message);
  }
  return msgs;
}

describe('toYaml layout', () => {
  it('writes a Deployment-like object in kubectl-like block style', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        namespace: 'default',
        labels: { 'app.kubernetes.io/name': 'web', tier: 'frontend' },
        annotations: {},
      },
      spec: {
        replicas: 3,
        paused: false,
        revisionHistoryLimit: null,
        selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
        template: {
          metadata: { labels: { 'app.kubernetes.io/name': 'web' } },
          spec: {
            automountServiceAccountToken: true,
            containers: [
              {
                name: 'web',
                image: 'nginx:1.25.3',
                args: ['--port', '8080', 'serve'],
                ports: [{ containerPort: 8080, protocol: 'TCP' }],
                env: [
                  { name: 'ENABLED', value: 'yes' },
                  { name: 'RATIO', value: '0.5' },
                ],
                resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: 0.25 } },
                volumeMounts: [],
              },
            ],
            tolerations: [],
          },
        },
      },
    };
    expect(toYaml(deployment)).toBe(
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: web',
        '  namespace: default',
        '  labels:',
        '    app.kubernetes.io/name: web',
        '    tier: frontend',
        '  annotations: {}',
        'spec:',
        '  replicas: 3',
        '  paused: false',
        '  revisionHistoryLimit: null',
        '  selector:',
        '    matchLabels:',
        '      app.kubernetes.io/name: web',
        '  template:',
        '    metadata:',
        '      labels:',
        '        app.kubernetes.io/name: web',
        '    spec:',
        '      automountServiceAccountToken: true',
        '      containers:',
        '        - name: web',
        '          image: nginx:1.25.3',
        '          args:',
        '            - "--port"',
        '            - "8080"',
        '            - serve',
        '          ports:',
        '            - containerPort: 8080',
        '              protocol: TCP',
        '          env:',
        '            - name: ENABLED',
        '              value: "yes"',
        '            - name: RATIO',
        '              value: "0.5"',
        '          resources:',
        '            limits:',
        '              cpu: 500m',
        '              memory: 128Mi',
        '            requests:',
        '              cpu: 0.25',
        '          volumeMounts: []',
        '      tolerations: []',
        '',
      ].join('\n'),
    );
  });

  it('writes nested sequences in compact form and empty collections inline', () => {
    expect(toYaml({ m: [[1, 2], [], {}, [{ a: 1, b: [] }], 'x'] })).toBe(
      'm:\n  - - 1\n    - 2\n  - []\n  - {}\n  - - a: 1\n      b: []\n  - x\n',
    );
  });

  it('writes top-level sequences, scalars and empty collections', () => {
    expect(toYaml([{ a: 1 }, 'b'])).toBe('- a: 1\n- b\n');
    expect(toYaml({})).toBe('{}\n');
    expect(toYaml([])).toBe('[]\n');
    expect(toYaml('yes')).toBe('"yes"\n');
    expect(toYaml(42)).toBe('42\n');
    expect(toYaml(null)).toBe('null\n');
    expect(toYaml(true)).toBe('true\n');
    expect(toYaml('two\nlines')).toBe('"two\\nlines"\n');
  });

  it('keeps the object key order as given', () => {
    expect(toYaml({ z: 1, a: 2, m: { x: 1, b: 2 } })).toBe('z: 1\na: 2\nm:\n  x: 1\n  b: 2\n');
  });

  it('quotes keys by the same rules as values', () => {
    expect(toYaml({ yes: 'x', '1': 'x', 'app.kubernetes.io/name': 'x', '': 'x', 'a: b': 'x', '<<': 'x' })).toBe(
      '"1": x\n"yes": x\napp.kubernetes.io/name: x\n"": x\n"a: b": x\n"<<": x\n',
    );
  });

  it('writes keys longer than 1000 characters as explicit keys', () => {
    const key = 'k'.repeat(1500);
    const text = toYaml({ [key]: { a: 1 }, short: [1] });
    expect(text).toBe(`? ${key}\n:\n  a: 1\nshort:\n  - 1\n`);
    expectReadsAs(text, { [key]: { a: 1 }, short: [1] });
    expectReadsAs(toYaml([{ [key]: 'v' }]), [{ [key]: 'v' }]);
  });

  it('leaves out properties whose value is undefined', () => {
    expect(toYaml({ a: undefined, b: 1, c: { d: undefined } })).toBe('b: 1\nc: {}\n');
  });

  it('joins several documents with document markers', () => {
    expect(toYamlDocuments([{ a: 1 }, { b: [] }, 'c'])).toBe('a: 1\n---\nb: []\n---\nc\n');
    expect(toYamlDocuments([])).toBe('');
    expectReadsAs(toYamlDocuments([{ a: 'x\n\n' }, { b: 1 }]).split('---\n')[0], { a: 'x\n\n' });
    expect(YAML.parseAllDocuments(toYamlDocuments([{ a: 'x\n\n' }, { b: 1 }])).map((d) => d.toJS())).toEqual([
      { a: 'x\n\n' },
      { b: 1 },
    ]);
  });
});

describe('toYaml numbers', () => {
  it('writes large integers in full', () => {
    expect(toYaml({ a: 1000000, b: 12345678901234, c: -9007199254740991 })).toBe(
      'a: 1000000\nb: 12345678901234\nc: -9007199254740991\n',
    );
  });

  it('writes exponent forms with a fraction so YAML 1.1 reads a float', () => {
    expect(toYaml({ a: 1e21, b: 1e-7, c: 1.5e300, d: -2e-300, e: 5e-324 })).toBe(
      'a: 1.0e+21\nb: 1.0e-7\nc: 1.5e+300\nd: -2.0e-300\ne: 5.0e-324\n',
    );
    expectReadsAs(toYaml({ a: 1e21, b: 1e-7, c: 1.5e300, d: -2e-300, e: 5e-324 }), {
      a: 1e21,
      b: 1e-7,
      c: 1.5e300,
      d: -2e-300,
      e: 5e-324,
    });
  });

  it('writes fractions in shortest round-trip form and negative zero as zero', () => {
    expect(toYaml({ a: 0.1, b: -0.25, c: -0, d: 0.1 + 0.2 })).toBe('a: 0.1\nb: -0.25\nc: 0\nd: 0.30000000000000004\n');
  });

  it('throws a TypeError naming the path of NaN and Infinity', () => {
    expect(() => toYaml({ spec: { containers: [{ ports: [{ containerPort: NaN }] }] } })).toThrow(
      new TypeError('toYaml: cannot serialize $.spec.containers[0].ports[0].containerPort: NaN is not a finite number'),
    );
    expect(() => toYaml({ 'app.kubernetes.io/x': [1, -Infinity] })).toThrow(
      new TypeError('toYaml: cannot serialize $["app.kubernetes.io/x"][1]: -Infinity is not a finite number'),
    );
    expect(() => toYaml(Infinity)).toThrow(
      new TypeError('toYaml: cannot serialize $: Infinity is not a finite number'),
    );
  });

  it('throws a TypeError naming the path of values that are not plain data', () => {
    expect(() => toYaml({ a: [new Date(0)] })).toThrow(
      new TypeError('toYaml: cannot serialize $.a[0]: Date is not plain data'),
    );
    expect(() => toYaml({ a: [1, undefined] })).toThrow(
      new TypeError('toYaml: cannot serialize $.a[1]: undefined is not plain data'),
    );
    expect(() => toYaml({ a: { b: 1n } })).toThrow(
      new TypeError('toYaml: cannot serialize $.a.b: bigint is not plain data'),
    );
    expect(() => toYaml(undefined)).toThrow(new TypeError('toYaml: cannot serialize $: undefined is not plain data'));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => toYaml(cyclic)).toThrow(/nesting deeper than 1000 \(cyclic\?\)/);
  });
});

describe('toYaml string quoting', () => {
  it('relies on a YAML 1.1 reader that applies the YAML 1.1 rules', () => {
    expect(read11('v: yes\n')).toEqual({ v: true });
    expect(read11('v: 0644\n')).toEqual({ v: 420 });
    expect(read11('v: 12:30\n')).toEqual({ v: 750 });
    expect(read11('v: 1_000\n')).toEqual({ v: 1000 });
    expect(read11('v: 2001-12-14\n')).toEqual({ v: new Date(Date.UTC(2001, 11, 14)) });
    expect(read11('<<: {a: 1}\nb: 2\n')).toEqual({ a: 1, b: 2 });
  });

  const dangerous = [
    // YAML 1.1 booleans, every case variant
    ...['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO'],
    ...['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF'],
    // null
    ...['~', 'null', 'Null', 'NULL', ''],
    // ints, YAML 1.1 and 1.2 forms
    ...[
      '0',
      '42',
      '-7',
      '+7',
      'e9',
      'E+9',
      '+e9',
      '1e3_0',
      '0644',
      '0o17',
      '0x1F',
      '0b101',
      '1_000',
      '12:30',
      '190:20:30',
      '-1:30',
    ],
    // floats
    ...[
      '1e3',
      '1.5',
      '.5',
      '1.',
      '+.5',
      '.inf',
      '-.Inf',
      '+.INF',
      '.NaN',
      '.nan',
      '1_0.5',
      '6.8523015e+5',
      '685.230_15e+03',
    ],
    ...['190:20:30.15', '1.0e+21', '.', '...', '1.2.3'],
    // timestamps
    ...['2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14T21:59:43Z', '2001-12-14 21:59:43.10 -5', '2002-1-1'],
    // value key and merge key
    ...['=', '<<'],
    // leading or trailing whitespace
    ...[' a', 'a ', '\ta', 'a\t', '\u00a0a', 'a\u3000'],
    // leading indicators
    ...['-', '-a', '- a', '?', '?a', ':', ':a', ',a', '[a', ']a', '{a', '}a', '#a', '&a', '*a', '!a', '|a', '>a'],
    ...["'a", '"a', '%a', '@a', '`a', '---', '--- a', '... a', '...a'],
    // mapping value indicator, comment, trailing colon
    ...['a: b', 'a #b', 'a:', 'http:', 'a:\tb'],
    // control characters, line breaks and non-printable unicode
    ...['a\tb', 'a\rb', 'a\r\nb', '\x00', 'a\x07b', 'a\x1bb', 'a\x7fb', 'a\x85b', 'a\u2028b', 'a\u2029b'],
    ...['\ufeffa', 'a\ufeffb', 'a\ufffeb', 'a\uffffb', 'a\x9fb', 'a\ud800b', 'a\udc00'],
  ];

  it.each(dangerous.map((s) => [JSON.stringify(s), s]))('quotes %s and reads it back as the same string', (_, s) => {
    expect(isPlainSafe(s)).toBe(false);
    const value = toYaml({ v: s });
    expect(value.startsWith('v: "')).toBe(true);
    expect(value.endsWith('"\n')).toBe(true);
    expectReadsAs(value, { v: s });
    const key = toYaml({ [s]: 'v' });
    expect(key.startsWith('"')).toBe(true);
    expectReadsAs(key, { [s]: 'v' });
    expectReadsAs(toYaml([s]), [s]);
    expect(diagnostics(value)).toEqual([]);
  });

  it('escapes with JSON-style escapes', () => {
    expect(toYaml({ v: 'a"b\\c\td\x01\x7f\u2028\ufeff' })).toBe('v: "a\\"b\\\\c\\td\\u0001\\u007f\\u2028\\ufeff"\n');
    expect(toYaml({ v: 'a\ud800b' })).toBe('v: "a\\ud800b"\n');
  });

  const plain = [
    'web',
    'apps/v1',
    'app.kubernetes.io/name',
    'nginx:1.25.3',
    'registry.example.com:5000/team/app@sha256:abcdef0123456789',
    '500m',
    '128Mi',
    '10Gi',
    'http://example.com/path?q=1#frag',
    'a b c',
    'a,b',
    "it's",
    'say "hi"',
    'a-b_c.d',
    'yes-please',
    'Nope',
    'NaN',
    'é😀',
    '_1',
    '0xdeadbeefg',
    '+',
    '/var/run',
    'key=value',
  ];

  it.each(plain.map((s) => [JSON.stringify(s), s]))('writes %s plain', (_, s) => {
    expect(toYaml({ v: s })).toBe(`v: ${s}\n`);
    expect(toYaml({ [s]: 1 })).toBe(`${s}: 1\n`);
    expectReadsAs(toYaml({ v: s, [s]: s }), { v: s, [s]: s });
  });
});

describe('toYaml multi-line strings', () => {
  const cases: Array<[string, string, string]> = [
    ['with a trailing newline', 'line one\nline two\n', 'v: |\n  line one\n  line two\n'],
    ['without a trailing newline', 'line one\nline two', 'v: |-\n  line one\n  line two\n'],
    ['with several trailing newlines', 'line one\nline two\n\n\n', 'v: |+\n  line one\n  line two\n\n\n'],
    ['with leading spaces', '  indented\nnot\n', 'v: |2\n    indented\n  not\n'],
    ['starting with a newline', '\n  x\ny', 'v: |2-\n\n    x\n  y\n'],
    ['with empty and indented lines inside', 'a\n\n  b\n#c\n', 'v: |\n  a\n\n    b\n  #c\n'],
    ['with trailing spaces on a line', 'a  \nb\n', 'v: "a  \\nb\\n"\n'],
    ['with a line of only spaces', 'a\n   \nb', 'v: "a\\n   \\nb"\n'],
    ['with a tab', 'a\tb\nc', 'v: "a\\tb\\nc"\n'],
    ['with CRLF line ends', 'a\r\nb\r\n', 'v: "a\\r\\nb\\r\\n"\n'],
    ['of only newlines', '\n\n', 'v: "\\n\\n"\n'],
    ['with a non-printable character', 'a\x07\nb', 'v: "a\\u0007\\nb"\n'],
  ];

  it.each(cases)('writes a string %s and reads it back', (_, s, expected) => {
    expect(toYaml({ v: s })).toBe(expected);
    expectReadsAs(toYaml({ v: s }), { v: s });
    const nested = { a: [s, { k: s, l: [s] }], b: s, c: 1 };
    expectReadsAs(toYaml(nested), nested);
    expectReadsAs(toYaml([[s]]), [[s]]);
  });

  it('writes a literal block inside a sequence item', () => {
    expect(toYaml({ l: ['  x\ny', { k: 'a\nb\n' }] })).toBe(
      'l:\n  - |2-\n      x\n    y\n  - k: |\n      a\n      b\n',
    );
  });
});

/** Strings made of YAML-special tokens, digits, colons, spaces and line breaks. */
const yamlishUnit = fc.oneof(
  fc.constantFrom(
    ...['y', 'N', 'yes', 'No', 'ON', 'off', 'True', 'null', 'NULL', '~', '=', '<<', '.inf', '-.Inf', '.NaN', '.nan'],
    ...[
      '0',
      '1',
      '7',
      '9',
      '0x',
      '0o',
      '0b',
      'e',
      'E',
      '+',
      '-',
      '.',
      '_',
      ':',
      ': ',
      ' #',
      '#',
      '2001-12-14',
      't',
      'T',
      'Z',
    ],
    ...[
      ' ',
      '  ',
      '\n',
      '\n\n',
      '\t',
      '\r',
      '\r\n',
      '&',
      '*',
      '!',
      '|',
      '>',
      "'",
      '"',
      '%',
      '@',
      '`',
      '?',
      ',',
      '[',
      ']',
    ],
    ...[
      '{',
      '}',
      '\\',
      '/',
      'a',
      'b',
      'x',
      'é',
      '😀',
      '\u0085',
      '\u2028',
      '\ufeff',
      '\u00a0',
      '\x00',
      '\x7f',
      '---',
      '...',
    ],
  ),
  fc.string({ unit: 'binary-ascii', maxLength: 1 }),
);
const yamlishString = fc.array(yamlishUnit, { maxLength: 8 }).map((parts) => parts.join(''));
const anyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  yamlishString,
  yamlishString,
  yamlishString,
);

/** Normalizes -0 (written as 0) the way JSON does. */
const normalize = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('toYaml properties', () => {
  it('reads any string back the same as a value, a key, and a sequence item', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const doc = { v: s, [s]: [s, { k: s }], n: { [s]: s } };
        const text = toYaml(doc);
        expectReadsAs(text, doc);
        expect(forbiddenTokens(text)).toEqual([]);
        expect(diagnostics(text)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('writes only plain scalars that every reader reads as the same string', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        if (!isPlainSafe(s)) return;
        expect(toYaml({ v: s })).toBe(`v: ${s}\n`);
        expectReadsAs(`v: ${s}\n`, { v: s });
        expectReadsAs(`${s}: v\n`, { [s]: 'v' });
        expectReadsAs(`- ${s}\n`, [s]);
        expectReadsAs(`${s}\n`, s);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads any JSON value back the same', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = toYaml(v);
        expect(text.endsWith('\n')).toBe(true);
        expectReadsAs(text, normalize(v));
        expect(forbiddenTokens(text)).toEqual([]);
        expect(diagnostics(text)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads any JSON value with YAML-special strings back the same', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: yamlishUnit, maxDepth: 4 }), (v) => {
        const text = toYaml(v);
        expectReadsAs(text, normalize(v));
        expect(forbiddenTokens(text)).toEqual([]);
        expect(diagnostics(text)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads any finite number back as the same float', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.maxSafeInteger()),
        (n) => {
          const text = toYaml({ n });
          expectReadsAs(text, { n: Object.is(n, -0) ? 0 : n });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads several documents back the same', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ stringUnit: yamlishUnit, maxDepth: 3 }), { maxLength: 4 }), (docs) => {
        const text = toYamlDocuments(docs);
        const read = YAML.parseAllDocuments(text, { version: '1.1' });
        const expected = normalize(docs) as unknown[];
        expect(Array.isArray(read) ? read.map((d) => d.toJS()) : []).toEqual(expected);
        expect(jsyaml.loadAll(text)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
