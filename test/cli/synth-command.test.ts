import * as fs from 'fs';
import * as path from 'path';
import { runSynthCommand } from '../../lib/cli/commands/synth-command';
import { main } from '../../lib/cli/main';
import { berth, HELLO_PROGRAM, project } from '../support/berth-project';
import { captureIO as capture } from '../support/capture-io';
import { writeOwnedTree } from '../support/file-tree';

const GOOD = HELLO_PROGRAM;

describe('berth synth', () => {
  test('synthesizes the program named by cdk8s.yaml into its output folder', async () => {
    const dir = project(GOOD);
    const io = capture();
    expect(await runSynthCommand([], io, dir)).toBe(0);
    expect(io.out).toContain('Synthesized 1 object of 1 app in 1 environment (plain)');
    expect(fs.readFileSync(path.join(dir, 'dist/dev/hello/configmap-settings.yaml'), 'utf8')).toContain('greeting: hi');
  });

  test('a program that throws while building exits 1 with its message, no stack trace, and dist untouched', async () => {
    const dir = project(`${GOOD}\nthrow new Error('replicas must be positive (got -1)');\n`);
    // A previous synth's output (with its list of files).
    writeOwnedTree(path.join(dir, 'dist'), { 'dev/hello/configmap-settings.yaml': 'previous output\n' });
    const io = capture();
    expect(await main(['synth'], io, dir)).toBe(1);
    expect(io.err).toContain('replicas must be positive (got -1)');
    // ...and the line of the program that threw.
    expect(io.err).toMatch(/failed while building the platform at main\.ts:\d+:\d+: /);
    // The hint points at that line (a value such as Size.of('1Gx') names no construct).
    expect(io.err).toMatch(/hint: Fix the code at main\.ts:\d+:\d+ as the message says, then synth again\./);
    expect(io.err).not.toMatch(/\n\s+at /);
    expect(fs.readFileSync(path.join(dir, 'dist/dev/hello/configmap-settings.yaml'), 'utf8')).toBe('previous output\n');
    expect(fs.readdirSync(path.join(dir, 'dist')).sort()).toEqual(['.berth-output', 'dev']);
  });

  test('a platform with validation errors exits 1, reports every problem, and writes nothing', async () => {
    const dir = project(`
import { Platform, Environment, Application, ApiResource } from BERTH;
export const platform = new Platform();
const app = new Application(new Environment(platform, 'dev', { config: {} }), 'hello');
new ApiResource(app, 'a', { apiVersion: 'v1', kind: 'ConfigMap' }, { metadata: { name: 'Bad_Name' }, data: { k: 'v' } });
new ApiResource(app, 'b', { apiVersion: 'v1', kind: 'ConfigMap' }, { metadata: { name: 'ok' }, dataa: { k: 'v' } });
`);
    const io = capture();
    expect(await main(['synth'], io, dir)).toBe(1);
    expect(io.err).toContain('dev/hello/a');
    expect(io.err).toContain('Bad_Name');
    expect(io.err).toContain('dev/hello/b');
    expect(io.err).toContain('dataa');
    expect(io.err).toContain('nothing was written');
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  test('an unknown flag or format is a usage error with exit code 2', async () => {
    const io = capture();
    expect(await main(['synth', '--format', 'zip'], io)).toBe(2);
    expect(io.err).toContain('--format zip: allowed: plain, helm, all');
    const io2 = capture();
    expect(await main(['synth', '--bogus'], io2)).toBe(2);
    expect(io2.err).toContain("Unknown option '--bogus'");
  });

  test('--version and version print the version of package.json', async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
      version: string;
    };
    for (const flag of ['--version', 'version']) {
      const io = capture();
      expect(await main([flag], io)).toBe(0);
      expect(io.out).toBe(`berth ${version}\n`);
    }
  });

  // The loader's own messages: with the type check on, the compiler's come first (type-check.test.ts).
  const NO_CHECK = ['synth', '--no-type-check'];

  test('a program that does not parse is reported at its file, line and column, with the line and a caret', () => {
    const dir = project("// the platform\nconst broken = { data: { a: 'b' } ;\n");
    const r = berth(dir, NO_CHECK);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("berth synth: the program main.ts does not parse: main.ts:2:35: ',' expected.");
    expect(r.stderr).toContain("      const broken = { data: { a: 'b' } ;\n" + ' '.repeat(6 + 34) + '^');
    // A JavaScript module the program imports: Node's own syntax error, located the same way.
    fs.writeFileSync(path.join(dir, 'main.ts'), "import './helper';\n");
    fs.writeFileSync(path.join(dir, 'helper.js'), 'module.exports = {\n  a: 1,,\n};\n');
    const r2 = berth(dir, NO_CHECK);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toContain("does not parse: helper.js:2:8: Unexpected token ','");
    expect(r2.stderr).toContain('      a: 1,,\n' + ' '.repeat(6 + 7) + '^');
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  test('a missing program, package or file the program imports is named as such', () => {
    const dir = project(
      "import { Platform } from 'berth-not-installed/lib';\nexport const platform = new Platform();\n",
    );
    const pkg = berth(dir, NO_CHECK);
    expect(pkg.status).toBe(2);
    expect(pkg.stderr).toBe(
      'berth synth: main.ts imports "berth-not-installed/lib", which is not installed\n  hint: Install the project\'s dependencies (npm install), or add "berth-not-installed" to its package.json.\n',
    );
    fs.writeFileSync(path.join(dir, 'main.ts'), "import './helpers/util';\n");
    const file = berth(dir, NO_CHECK);
    expect(file.status).toBe(2);
    expect(file.stderr).toBe(
      'berth synth: main.ts imports "./helpers/util", which does not exist\n  hint: Fix the path (relative to .), or create the file.\n',
    );
    fs.rmSync(path.join(dir, 'main.ts'));
    const program = berth(dir);
    expect(program.status).toBe(2);
    expect(program.stderr).toBe(
      'berth synth: the program main.ts does not exist\n  hint: Check `app:` in cdk8s.yaml.\n',
    );
  });

  test('an output folder that is the project, or holds it, is refused and nothing is deleted', async () => {
    const dir = project(GOOD);
    for (const output of ['.', '..']) {
      const io = capture();
      expect(await main(['synth', '--output', output], io, dir)).toBe(2);
      expect(io.err).toContain(
        output === '.'
          ? 'is the project folder (where cdk8s.yaml is)'
          : 'contains the project folder (where cdk8s.yaml is)',
      );
      expect(fs.readdirSync(dir)).toEqual(expect.arrayContaining(['cdk8s.yaml', 'main.ts']));
    }
  });

  test('an output path that is a file is a usage error, not an internal one', async () => {
    const dir = project(GOOD);
    fs.writeFileSync(path.join(dir, 'dist'), 'not a folder');
    const io = capture();
    expect(await main(['synth'], io, dir)).toBe(2);
    expect(io.err).toContain('berth synth: the output dist is a file, not a folder');
    expect(fs.readFileSync(path.join(dir, 'dist'), 'utf8')).toBe('not a folder');
  });

  test('--env with a name the platform does not have fails and writes nothing', async () => {
    const dir = project(GOOD);
    expect(await main(['synth'], capture(), dir)).toBe(0);
    const io = capture();
    expect(await main(['synth', '--env', 'prd'], io, dir)).toBe(1);
    expect(io.err).toContain('the platform has no environment named "prd"; it has "dev"');
    expect(fs.existsSync(path.join(dir, 'dist/dev/hello/configmap-settings.yaml'))).toBe(true);
  });

  test('an unknown command prints the usage and exits 2', async () => {
    const io = capture();
    expect(await main(['deploy'], io)).toBe(2);
    expect(io.err).toContain('unknown command "deploy"');
    expect(io.err).toContain('synth');
  });
});

describe('berth synth and the project configuration', () => {
  const program = (waive: boolean): string => `
import { Platform, Environment, Application, Deployment, NetworkPolicies, Namespace, Waivers } from BERTH;
export const platform = new Platform();
const app = new Application(new Environment(platform, 'dev', { config: {}, defaults: { resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '100m', memory: '64Mi' } } } }), 'hello');
new Namespace(app, 'Namespace', { name: 'hello' });
NetworkPolicies.defaultDeny(app);
const batch = new Deployment(app, 'batch', { containers: [{ image: 'ghcr.io/acme/batch:1.0.0', securityContext: { readOnlyRootFilesystem: false } }] });
${waive ? "Waivers.of(batch).waive('policy/read-only-root-filesystem', 'the vendor tool writes its lock file next to the binary');" : ''}
`;

  test('by default a policy rule is an error: synth fails and names the rule', async () => {
    const dir = project(program(false));
    const io = capture();
    expect(await main(['synth'], io, dir)).toBe(1);
    expect(io.err).toContain('error policy/read-only-root-filesystem');
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  test('a rule lowered to a warning in cdk8s.yaml is reported but does not fail synth', async () => {
    const dir = project(program(false));
    fs.writeFileSync(
      path.join(dir, 'cdk8s.yaml'),
      'app: main.ts\noutput: dist\nberth:\n  rules:\n    policy/read-only-root-filesystem: warning\n',
    );
    const io = capture();
    expect(await main(['synth'], io, dir)).toBe(0);
    expect(io.err).toContain('warning policy/read-only-root-filesystem');
    expect(fs.existsSync(path.join(dir, 'dist/dev/hello/deployment-batch.yaml'))).toBe(true);
  });

  test('a waiver with its reason lets synth pass and is listed in the report', async () => {
    const dir = project(program(true));
    const io = capture();
    expect(await main(['synth'], io, dir)).toBe(0);
    expect(io.err).toContain('policy/read-only-root-filesystem');
    expect(io.err).toContain('the vendor tool writes its lock file next to the binary');
  });

  test('--policy none turns the profile off; an unknown profile in cdk8s.yaml is a usage error', async () => {
    const dir = project(program(false));
    expect(await main(['synth', '--policy', 'none'], capture(), dir)).toBe(0);
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'app: main.ts\noutput: dist\nberth:\n  policy: paranoid\n');
    const io = capture();
    expect(await main(['synth'], io, dir)).toBe(2);
    expect(io.err).toContain('berth.policy is "paranoid"; allowed: restricted, baseline, none');
  });
});

test('every command answers --help with its usage and exits 0', async () => {
  for (const name of ['synth', 'diff', 'graph', 'package', 'init', 'validate', 'import']) {
    const io = capture();
    expect(await main([name, '--help'], io)).toBe(0);
    expect(io.out + io.err).toMatch(new RegExp(`berth ${name}`));
  }
});
