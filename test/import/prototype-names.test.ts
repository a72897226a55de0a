import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { Application, Environment, Platform } from '../../lib';
import { importCrds } from '../../lib/import';
import { runHelm } from '../support/helm-binary';
import { docs, withoutHelmLabels } from '../support/helm-equivalence';
import { tmpDir } from '../support/file-tree';
import { cleanTempDirs, compile, loadGenerated, memberType, REPO, tempDir } from './helpers';

afterAll(cleanTempDirs);

/**
 * A CRD whose spec has fields named like members of Object.prototype (test/fixtures/
 * prototype-names): the importer must type every one of them, `__proto__` included (it was
 * dropped without a word), and objects using them must reach the YAML and the chart with
 * exactly those keys (the diff: test/diff/diff-objects.test.ts).
 */
const CRD = path.join(REPO, 'test/fixtures/prototype-names/gadgets.example.com.yaml');

type GadgetClass = new (scope: Construct, id: string, props: object) => unknown;

let generated: string;
let Gadget: GadgetClass;

beforeAll(() => {
  const out = tempDir();
  const result = importCrds({ outDir: out, inputs: [CRD] });
  expect(result.diagnostics).toEqual([]);
  generated = path.join(out, 'example.com.ts');
  Gadget = (loadGenerated(generated) as { Gadget: GadgetClass }).Gadget;
});

/** A spec setting every such field; `__proto__` through a computed key, which makes an own member. */
function fullSpec(constructorValue: string): Record<string, unknown> {
  return {
    constructor: constructorValue,
    toString: 't',
    hasOwnProperty: 3,
    ['__proto__']: 'p',
    prototype: { valueOf: 'plain' },
  };
}

test('import types every field, __proto__ quoted and documented; optional Object members also admit the member objects inherit', () => {
  const text = fs.readFileSync(generated, 'utf8');
  expect(memberType(text, 'GadgetSpec', 'constructor')).toBe("?string | Object['constructor']");
  expect(memberType(text, 'GadgetSpec', 'toString')).toBe("?string | Object['toString']");
  expect(memberType(text, 'GadgetSpec', 'hasOwnProperty')).toBe("?number | Object['hasOwnProperty']");
  expect(memberType(text, 'GadgetSpec', '__proto__')).toBe('?string');
  expect(memberType(text, 'GadgetSpec', 'prototype')).toBe('?GadgetSpecPrototype');
  expect(memberType(text, 'GadgetSpecPrototype', 'valueOf')).toBe("?string | Object['valueOf']");
  expect(text).toContain(
    "  /** Set it with a computed key, `['__proto__']: value` (or in data from JSON.parse): written `__proto__: value` in an object literal, it sets the object's prototype instead and the value is lost. */\n  readonly '__proto__'?: string;\n",
  );
});

test('a program using the generated props type-checks, with and without those fields', () => {
  const program = path.join(path.dirname(generated), 'program.ts');
  fs.writeFileSync(
    program,
    `import { Construct } from 'constructs';
import { Gadget, GadgetSpec } from './example.com';
export const none: GadgetSpec = { size: 1 };
export const all: GadgetSpec = { constructor: 'c', toString: 't', hasOwnProperty: 3, ['__proto__']: 'p', prototype: { valueOf: 'plain' } };
export function make(scope: Construct): Gadget {
  return new Gadget(scope, 'g', { spec: { prototype: {} } });
}
`,
  );
  expect(compile([generated, program])).toEqual([]);
});

function platform(specs: Record<string, Record<string, unknown>>): Platform {
  const p = new Platform();
  for (const [env, spec] of Object.entries(specs)) {
    const app = new Application(new Environment(p, env, { config: {} }), 'shop');
    new Gadget(app, 'full', { spec });
    new Gadget(app, 'bare', { spec: { size: 1 } });
  }
  return p;
}

test('an object using them synthesizes with exactly those keys, and validates', () => {
  const r = platform({ dev: fullSpec('c') }).synth({ outdir: tmpDir(), policy: 'none', dryRun: true });
  expect(r.warnings).toEqual([]);
  const files = [...r.contents.keys()].filter((f) => f.startsWith('dev/shop/gadget-'));
  expect(files).toEqual(['dev/shop/gadget-bare.yaml', 'dev/shop/gadget-full.yaml']);
  expect(r.contents.get('dev/shop/gadget-full.yaml')!.split('spec:\n')[1]).toBe(
    '  __proto__: p\n  constructor: c\n  hasOwnProperty: 3\n  prototype:\n    valueOf: plain\n  toString: t\n',
  );
  expect(r.contents.get('dev/shop/gadget-bare.yaml')!.split('spec:\n')[1]).toBe('  size: 1\n');
});

test('the Helm chart keeps them: values of fields that differ, and fields present in one environment only', () => {
  const out = tmpDir();
  const { toString: _dropped, ...prod } = fullSpec('c-prod');
  const dev: Record<string, unknown> = { constructor: 'c-dev', toString: 't', size: 2 };
  platform({ dev, prod }).synth({ outdir: out, policy: 'none', format: 'all' });
  const chart = path.join(out, 'charts', 'shop');
  for (const env of ['dev', 'prod']) {
    const rendered = runHelm([
      'template',
      'shop',
      chart,
      '-f',
      path.join(chart, `values-${env}.yaml`),
      '--namespace',
      'shop',
    ]);
    expect(rendered.stderr).toBe('');
    const plain = ['gadget-bare.yaml', 'gadget-full.yaml'].flatMap((f) =>
      docs(fs.readFileSync(path.join(out, env, 'shop', f), 'utf8')),
    );
    const gadgets = docs(rendered.stdout)
      .filter((o) => o.kind === 'Gadget')
      .map(withoutHelmLabels);
    expect(gadgets.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))).toEqual(
      plain.map(withoutHelmLabels),
    );
    const full = gadgets.find((o) => o.metadata.name === 'full')!;
    expect(Object.keys(full.spec)).toEqual(
      env === 'dev' ? ['constructor', 'size', 'toString'] : ['__proto__', 'constructor', 'hasOwnProperty', 'prototype'],
    );
  }
});
