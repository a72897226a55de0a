import * as fs from 'fs';
import * as path from 'path';
import { parseYamlCached, ParsedYamlDocument } from '../../lib/yaml/parsed-yaml-cache';
import { FS_DISK_CACHE } from '../../lib/perf/speedups';
import type { DiskCache } from '../../lib/perf/interfaces';
import { Include } from '../../lib/custom/include';
import { Application, Environment, Platform } from '../../lib';
import { tmpDir } from '../support/file-tree';

/** A text over the size below which nothing is cached. */
const BIG = `# ${'x'.repeat(40 * 1024)}\nkind: ConfigMap\n`;

/** The disk cache with its folders in `dir`. */
function inDir(dir: string): DiskCache {
  return { ...FS_DISK_CACHE, dir: () => dir };
}

/** A parse that counts its calls and gives `docs`. */
function counted(docs: ParsedYamlDocument[]): { parse: () => ParsedYamlDocument[]; calls: () => number } {
  let n = 0;
  return {
    parse: () => {
      n++;
      return docs;
    },
    calls: () => n,
  };
}

describe('parseYamlCached', () => {
  const docs = [{ value: { kind: 'ConfigMap', data: { a: '1', n: 2, on: true, none: null } }, line: 2 }];

  test('parses once: a second reading of the same text comes from the cache, equal to the first', () => {
    const dir = tmpDir('berth-parsed-yaml-');
    const p = counted(docs);
    expect(parseYamlCached('m', BIG, p.parse, inDir(dir))).toEqual(docs);
    expect(parseYamlCached('m', BIG, p.parse, inDir(dir))).toEqual(docs);
    expect(p.calls()).toBe(1);
    expect(fs.readdirSync(dir)).toHaveLength(1);
  });

  test('another mode or another text is another entry', () => {
    const dir = tmpDir('berth-parsed-yaml-');
    const p = counted(docs);
    parseYamlCached('m', BIG, p.parse, inDir(dir));
    parseYamlCached('other', BIG, p.parse, inDir(dir));
    parseYamlCached('m', `${BIG}#\n`, p.parse, inDir(dir));
    expect(p.calls()).toBe(3);
  });

  test('small texts are parsed every time and never cached', () => {
    const dir = tmpDir('berth-parsed-yaml-');
    const p = counted(docs);
    parseYamlCached('m', 'kind: ConfigMap\n', p.parse, inDir(dir));
    parseYamlCached('m', 'kind: ConfigMap\n', p.parse, inDir(dir));
    expect(p.calls()).toBe(2);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('a corrupt or foreign entry is parsed again, not trusted', () => {
    const dir = tmpDir('berth-parsed-yaml-');
    const p = counted(docs);
    parseYamlCached('m', BIG, p.parse, inDir(dir));
    const [entry] = fs.readdirSync(dir);
    for (const bad of ['{"torn', '{"value": 1}', '[{"value": 1}]']) {
      fs.writeFileSync(path.join(dir, entry), bad);
      expect(parseYamlCached('m', BIG, p.parse, inDir(dir))).toEqual(docs);
    }
    expect(p.calls()).toBe(4);
  });

  test.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-0', -0],
    ['a Date', new Date(0)],
    ['bytes', new Uint8Array([1])],
  ])('data JSON would change (%s) is not cached', (_what, value) => {
    const dir = tmpDir('berth-parsed-yaml-');
    const p = counted([{ value: { spec: { value } }, line: 1 }]);
    parseYamlCached('m', BIG, p.parse, inDir(dir));
    parseYamlCached('m', BIG, p.parse, inDir(dir));
    expect(p.calls()).toBe(2);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('a text that does not parse throws every time and is not cached', () => {
    const dir = tmpDir('berth-parsed-yaml-');
    const parse = (): ParsedYamlDocument[] => {
      throw new Error('bad YAML');
    };
    expect(() => parseYamlCached('m', BIG, parse, inDir(dir))).toThrow('bad YAML');
    expect(() => parseYamlCached('m', BIG, parse, inDir(dir))).toThrow('bad YAML');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('Include of a large file', () => {
  test('gives the same objects read cold and from the cache', () => {
    const dir = tmpDir('berth-include-big-');
    const docs = Array.from(
      { length: 300 },
      (_, i) =>
        `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  on: yes\n  v: "${'y'.repeat(100)}"\n`,
    );
    fs.writeFileSync(path.join(dir, 'big.yaml'), docs.join(''));
    const render = (): Record<string, unknown>[] => {
      const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'shop');
      const included = new Include(app, 'Big', { paths: 'big.yaml', root: dir });
      return included.objects.map((o) => o.toJson());
    };
    const cold = render();
    // The same text again: its entry is in the cache of the folder the process runs in.
    const warm = render();
    expect(warm).toEqual(cold);
    expect(cold).toHaveLength(300);
    // As kubectl reads YAML 1.1: `on` and `yes` are booleans.
    expect(cold[7]).toMatchObject({ metadata: { name: 'c7' }, data: { true: true, v: 'y'.repeat(100) } });
  });
});
