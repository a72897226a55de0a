import * as fs from 'fs';
import * as path from 'path';
import { readProjectConfig } from '../../lib/cli/project-config';
import { UsageError } from '../../lib/cli/usage-error';
import { tmpDir } from '../support/file-tree';

function cachedConfigs(dir: string): string[] {
  const cache = path.join(dir, '.berth-cache', 'config');
  return fs.existsSync(cache) ? fs.readdirSync(cache) : [];
}

describe('readProjectConfig', () => {
  test('parses cdk8s.yaml once per content: later reads come from the cache and equal the first', () => {
    const dir = tmpDir('berth-config-');
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'app: main.ts\noutput: out\nberth:\n  policy: baseline\n  rules:\n    policy/run-as-non-root: warning\n');
    const first = readProjectConfig(dir);
    expect(first).toMatchObject({ app: 'main.ts', output: 'out', policy: 'baseline', rules: { 'policy/run-as-non-root': 'warning' } });
    expect(cachedConfigs(dir)).toHaveLength(1);
    expect(readProjectConfig(dir)).toEqual(first);
  });

  test('a changed cdk8s.yaml is read again, never served from the cache of its old content', () => {
    const dir = tmpDir('berth-config-');
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'app: main.ts\noutput: a\n');
    expect(readProjectConfig(dir).output).toBe('a');
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'app: main.ts\noutput: b\n');
    expect(readProjectConfig(dir).output).toBe('b');
    expect(cachedConfigs(dir)).toHaveLength(2);
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'app: main.ts\noutput: [unclosed\n');
    expect(() => readProjectConfig(dir)).toThrow(UsageError);
    expect(() => readProjectConfig(dir)).toThrow(/not valid YAML/);
  });

  test('a damaged cache entry is ignored and replaced', () => {
    const dir = tmpDir('berth-config-');
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'app: main.ts\n');
    readProjectConfig(dir);
    const [entry] = cachedConfigs(dir);
    fs.writeFileSync(path.join(dir, '.berth-cache', 'config', entry), '{ not json');
    expect(readProjectConfig(dir).app).toBe('main.ts');
    expect(JSON.parse(fs.readFileSync(path.join(dir, '.berth-cache', 'config', entry), 'utf8'))).toEqual({ app: 'main.ts' });
  });
});
