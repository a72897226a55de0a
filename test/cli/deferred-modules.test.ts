import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const repo = path.resolve(__dirname, '../..');

/** Runs `script` in a fresh Node process (the module loader is Node's own there, not jest's). */
function node(
  script: string,
  env: NodeJS.ProcessEnv = process.env,
): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['-e', script], { cwd: repo, encoding: 'utf8', env });
}

describe('modules the berth command defers', () => {
  test("cdk8s's YAML package loads on first use, and cdk8s's YAML functions work", () => {
    const r = node(`
      require('./build/lib/perf/deferred-modules.js').deferUnusedModules();
      const cdk8s = require('cdk8s');
      const loaded = () => Object.keys(require.cache).some((k) => k.includes('/cdk8s/node_modules/yaml/'));
      const out = [loaded()];
      out.push(cdk8s.Yaml.stringify({ a: 1, b: 'yes' }));
      out.push(loaded());
      console.log(JSON.stringify(out));
    `);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([false, 'a: 1\nb: "yes"\n', true]);
  });

  test('BERTH_NO_DEFERRED_MODULES=1 switches it off: cdk8s loads its YAML package with itself', () => {
    const r = node(
      `
      require('./build/lib/perf/deferred-modules.js').deferUnusedModules();
      require('cdk8s');
      console.log(Object.keys(require.cache).some((k) => k.includes('/cdk8s/node_modules/yaml/')));
    `,
      { ...process.env, BERTH_NO_DEFERRED_MODULES: '1' },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('true\n');
  });

  test('berth synth loads cdk8s but not its YAML package', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-deferred-'));
    fs.writeFileSync(
      path.join(dir, 'main.js'),
      `const B = require(${JSON.stringify(path.join(repo, 'build', 'lib'))});
      const platform = new B.Platform();
      new B.ConfigMap(new B.Application(new B.Environment(platform, 'dev', { config: {} }), 'shop'), 'settings', { data: { a: 'b' } });
      module.exports = { platform };`,
    );
    const r = node(`
      process.argv.push('berth', 'synth', '--app', ${JSON.stringify(path.join(dir, 'main.js'))}, '--output', ${JSON.stringify(path.join(dir, 'out'))}, '--policy', 'none');
      process.on('exit', () => {
        const keys = Object.keys(require.cache);
        process.stderr.write(JSON.stringify({ cdk8s: keys.some((k) => k.includes('/cdk8s/lib/')), yaml: keys.some((k) => k.includes('/cdk8s/node_modules/yaml/')) }));
      });
      // In a project of its own: the repository's cdk8s.yaml describes the reference platform.
      require('fs').writeFileSync(${JSON.stringify(path.join(dir, 'cdk8s.yaml'))}, 'app: main.js\\n');
      process.chdir(${JSON.stringify(dir)});
      require(${JSON.stringify(path.join(repo, 'bin', 'berth.js'))});
    `);
    expect(r.stdout).toContain('Synthesized 1 object');
    expect(JSON.parse(r.stderr)).toEqual({ cdk8s: true, yaml: false });
    expect(fs.existsSync(path.join(dir, 'out', 'dev', 'shop', 'configmap-settings.yaml'))).toBe(true);
  });
});
