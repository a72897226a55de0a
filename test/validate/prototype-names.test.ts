import * as fs from 'fs';
import * as path from 'path';
import { runValidateCommand } from '../../lib/cli/commands/validate-command';
import { captureIO } from '../support/capture-io';
import { tmpDir } from '../support/file-tree';

/**
 * Fields, keys, labels and annotations named like members of Object.prototype (`constructor`,
 * `toString`, `hasOwnProperty`, `__proto__`, `prototype`, `valueOf`): a plain object read from
 * YAML "has" a `constructor` (a function) unless it is checked for own members, so every object
 * that does not set such a field got `spec.constructor must be a string, not function`.
 */

const CRDS = path.join(__dirname, '..', 'fixtures', 'prototype-names');

function gadget(name: string, spec: string): string {
  return `apiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n${spec.replace(/^/gm, '  ')}\n---\n`;
}

interface Reported {
  readonly object: string;
  readonly rule: string;
  readonly field?: string;
  readonly message: string;
}

async function validate(yaml: string): Promise<{ code: number; problems: Reported[]; err: string }> {
  const file = path.join(tmpDir(), 'input.yaml');
  fs.writeFileSync(file, yaml);
  const io = captureIO();
  const code = await runValidateCommand([file, '--crds', CRDS, '--policy', 'none', '--format', 'json'], io);
  const report = JSON.parse(io.out) as { problems: Reported[] };
  return {
    code,
    err: io.err,
    problems: report.problems.map(({ object, rule, field, message }) => ({ object, rule, field, message })),
  };
}

describe('fields named like members of Object.prototype', () => {
  test('an object that sets none of them, or all of them correctly, is valid (defaults and CEL rules included)', async () => {
    const r = await validate(
      gadget('none', 'size: 1') +
        gadget('all', 'constructor: c\ntoString: t\nhasOwnProperty: 3\n__proto__: p\nprototype: {}') +
        gadget('explicit', 'prototype:\n  valueOf: plain'),
    );
    expect(r).toEqual({
      code: 0,
      err: `berth validate: the schemas of Gadget come from the CRDs in ${CRDS}\n`,
      problems: [],
    });
  });

  test('wrong values of them get the schema errors of those fields, and only those', async () => {
    const r = await validate(
      gadget(
        'bad',
        'constructor: 5\ntoString: much longer than ten\nhasOwnProperty: "3"\n__proto__: 5\nprototype:\n  valueOf: 1',
      ),
    );
    expect(r.code).toBe(1);
    expect(r.problems).toEqual([
      {
        object: 'Gadget/shop/bad',
        rule: 'schema/type',
        field: 'spec.__proto__',
        message: 'spec.__proto__ must be a string, not number 5',
      },
      {
        object: 'Gadget/shop/bad',
        rule: 'schema/type',
        field: 'spec.constructor',
        message: 'spec.constructor must be a string, not number 5',
      },
      {
        object: 'Gadget/shop/bad',
        rule: 'schema/type',
        field: 'spec.hasOwnProperty',
        message: 'spec.hasOwnProperty must be an integer, not string "3"',
      },
      {
        object: 'Gadget/shop/bad',
        rule: 'schema/type',
        field: 'spec.prototype.valueOf',
        message: 'spec.prototype.valueOf must be a string, not number 1',
      },
      {
        object: 'Gadget/shop/bad',
        rule: 'schema/max-length',
        field: 'spec.toString',
        message: 'spec.toString must have at most 10 characters',
      },
    ]);
  });

  test('CEL rules see such a field only where it is set: has(), in, selection and indexing', async () => {
    const r = await validate(
      gadget('cel', 'constructor: forbidden\nhasOwnProperty: 0\ntoString: none\nprototype:\n  valueOf: other'),
    );
    expect(r.code).toBe(1);
    expect(r.problems.map((p) => p.message)).toEqual([
      'spec: constructor must start with "c"',
      'spec: hasOwnProperty must be positive',
      'spec: toString must not be "none"',
      'spec: prototype.valueOf must be "plain"',
    ]);
  });

  test('an unknown field named like one is an unknown field', async () => {
    const r = await validate(gadget('extra', 'prototype:\n  constructor: x'));
    expect(r.problems).toEqual([
      {
        object: 'Gadget/shop/extra',
        rule: 'schema/unknown-field',
        field: 'spec.prototype.constructor',
        message: 'unknown field "constructor" in spec.prototype',
      },
    ]);
  });
});

describe('keys, labels and annotations named like members of Object.prototype', () => {
  const configMap = (name: string, data: string): string =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: shop\n  labels:\n    constructor: x\n  annotations:\n    constructor: note\n    toString: text\ndata:\n${data}\n---\n`;
  const pod = (keys: readonly string[]): string => `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  labels:
    constructor: x
spec:
  containers:
    - name: web
      image: nginx:1.27
      env:
${keys.map((k, i) => `        - name: V${i}\n          valueFrom:\n            configMapKeyRef:\n              name: settings\n              key: ${k}`).join('\n')}
---
`;

  test('are valid, and references to them find them', async () => {
    const r = await validate(
      configMap('settings', '  __proto__: p\n  constructor: c\n  toString: t') +
        pod(['__proto__', 'constructor', 'toString']),
    );
    expect(r).toEqual({ code: 0, err: '', problems: [] });
  });

  test('a reference to such a key a ConfigMap does not have is a missing key', async () => {
    const r = await validate(
      configMap('settings', '  mode: fast') + pod(['__proto__', 'constructor', 'hasOwnProperty']),
    );
    expect(r.problems.map((p) => [p.rule, p.field, p.message])).toEqual([
      [
        'reference/missing-key',
        'spec.containers[0].env[0].valueFrom.configMapKeyRef.key',
        'ConfigMap "settings" has no key "__proto__"',
      ],
      [
        'reference/missing-key',
        'spec.containers[0].env[1].valueFrom.configMapKeyRef.key',
        'ConfigMap "settings" has no key "constructor"',
      ],
      [
        'reference/missing-key',
        'spec.containers[0].env[2].valueFrom.configMapKeyRef.key',
        'ConfigMap "settings" has no key "hasOwnProperty"',
      ],
    ]);
  });

  test('a label key __proto__ is refused as the API server refuses it, not dropped', async () => {
    const r = await validate(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\n  labels:\n    __proto__: x\n',
    );
    expect(r.problems.map((p) => [p.rule, p.field])).toEqual([['grammar/label-key', 'metadata.labels.__proto__']]);
  });

  test('a Service selector with a label constructor selects the pods that carry it, and only those', async () => {
    const service = (selector: string): string =>
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    ${selector}\n  ports:\n    - port: 80\n---\n`;
    const pods =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\n  labels:\n    app: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n---\n';
    expect((await validate(service('app: web') + pods)).problems).toEqual([]);
    expect((await validate(service('constructor: x') + pods)).problems.map((p) => p.rule)).toEqual([
      'reference/service-selector',
    ]);
  });
});

test('the core definitions name no field like a member of Object.prototype (their validators skip own-member checks)', () => {
  const definitions = JSON.parse(
    fs.readFileSync(path.join(__dirname, '..', '..', 'schemas', 'k8s', 'v1.33.0', '_definitions.json'), 'utf8'),
  ) as unknown;
  const members = new Set(Object.getOwnPropertyNames(Object.prototype));
  const found: string[] = [];
  const walk = (v: unknown, at: string): void => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x, at));
    if (typeof v !== 'object' || v === null) return;
    for (const [k, child] of Object.entries(v)) {
      if (k === 'properties' && typeof child === 'object' && child !== null) {
        for (const name of Object.keys(child)) if (members.has(name)) found.push(`${at}.${name}`);
      }
      if (k === 'required' && Array.isArray(child)) {
        for (const name of child) if (members.has(name)) found.push(`${at} requires ${name}`);
      }
      walk(child, `${at}/${k}`);
    }
  };
  walk(definitions, '');
  expect(found).toEqual([]);
});
