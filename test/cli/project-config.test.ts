import * as fs from 'fs';
import * as path from 'path';
import { readProjectConfig } from '../../lib/cli/project-config';
import { UsageError } from '../../lib/model/usage-error';
import { berth, HELLO_PROGRAM, project } from '../support/berth-project';
import { tmpDir } from '../support/file-tree';

function cachedConfigs(dir: string): string[] {
  const cache = path.join(dir, '.berth-cache', 'config');
  return fs.existsSync(cache) ? fs.readdirSync(cache) : [];
}

describe('readProjectConfig', () => {
  test('parses cdk8s.yaml once per content: later reads come from the cache and equal the first', () => {
    const dir = tmpDir('berth-config-');
    fs.writeFileSync(
      path.join(dir, 'cdk8s.yaml'),
      'app: main.ts\noutput: out\nberth:\n  policy: baseline\n  rules:\n    policy/run-as-non-root: warning\n',
    );
    const first = readProjectConfig(dir);
    expect(first).toMatchObject({
      app: 'main.ts',
      output: 'out',
      policy: 'baseline',
      rules: { 'policy/run-as-non-root': 'warning' },
    });
    expect(cachedConfigs(dir)).toHaveLength(1);
    expect(readProjectConfig(dir)).toEqual(first);
  });

  test('a setting Berth does not read, a rule that does not exist, or an output that is no name is refused, with a suggestion', () => {
    const dir = tmpDir('berth-config-');
    const refusal = (yaml: string): { message: string; hint?: string } => {
      fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), `app: main.ts\n${yaml}`);
      try {
        readProjectConfig(dir);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return {
          message: (e as UsageError).message.replace(`${path.join(dir, 'cdk8s.yaml')}: `, ''),
          hint: (e as UsageError).hint,
        };
      }
      throw new Error(`accepted: ${yaml}`);
    };
    expect(refusal('berth:\n  polcy: none\n')).toEqual({
      message: 'berth.polcy is not a setting Berth reads (it reads policy, rules, gitops, timeout, typeCheck, helm)',
      hint: 'Did you mean berth.policy?',
    });
    expect(refusal('berth:\n  gitops:\n    repoURL: https://example.com/p.git\n    targetRevison: main\n').hint).toBe(
      'Did you mean berth.gitops.targetRevision?',
    );
    expect(refusal('berth:\n  rules:\n    policy/read-only-root-filesytem: warning\n')).toEqual({
      message: 'berth.rules: there is no policy rule "policy/read-only-root-filesytem"',
      hint: 'Did you mean "policy/read-only-root-filesystem"?',
    });
    expect(refusal('berth:\n  rules:\n    image-tag: off\n').message).toContain('"image-tag" is not a rule name');
    expect(refusal('output: [dist]\n').message).toBe('`output` is ["dist"]; it must name the output folder');
    expect(refusal('berth: 5\n').message).toBe(
      'berth must be a mapping of policy, rules, gitops, timeout, typeCheck, helm',
    );
    // Rules of the other families are accepted by family: some are named after a schema keyword.
    fs.writeFileSync(
      path.join(dir, 'cdk8s.yaml'),
      'app: main.ts\nberth:\n  rules:\n    reference/missing-secret: warning\n    schema/minimum: off\n',
    );
    expect(readProjectConfig(dir).rules).toEqual({ 'reference/missing-secret': 'warning', 'schema/minimum': 'off' });
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
    expect(JSON.parse(fs.readFileSync(path.join(dir, '.berth-cache', 'config', entry), 'utf8'))).toEqual({
      app: 'main.ts',
    });
  });
});

describe('a cdk8s.yaml Berth cannot read as settings', () => {
  /** `berth synth` in a project whose cdk8s.yaml is `yaml`: what it printed to stderr, and its status. */
  function synthWith(yaml: string): { stderr: string; status: number | null; file: string; dir: string } {
    const dir = project(HELLO_PROGRAM);
    const file = path.join(dir, 'cdk8s.yaml');
    fs.writeFileSync(file, yaml);
    const r = berth(dir);
    return { stderr: r.stderr, status: r.status, file, dir };
  }

  test.each([
    ['a list', 'app: main.ts\nberth:\n  rules: &rules [*rules]\n', 3, '*rules', '&rules'],
    ['a mapping', 'app: main.ts\nberth: &settings\n  policy: none\n  again: *settings\n', 4, '*settings', '&settings'],
  ])(
    'an alias inside the value it stands for (%s) is named with its line, exit 2',
    (_kind, yaml, line, alias, anchor) => {
      const r = synthWith(yaml);
      expect(r.stderr).toBe(
        `berth synth: ${r.file}: line ${line}: the alias ${alias} is inside the value it stands for (${anchor}), so that value would contain itself\n` +
          '  hint: Write the value out, or move the alias out of the value its anchor marks.\n',
      );
      expect(r.status).toBe(2);
      expect(fs.existsSync(path.join(r.dir, 'dist'))).toBe(false);
    },
  );

  test('aliases that expand to a huge document ("billion laughs") are refused, exit 2', () => {
    const levels = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (const [prev, name] of [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
      ['e', 'f'],
      ['f', 'g'],
      ['g', 'h'],
      ['h', 'i'],
    ]) {
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const r = synthWith(`app: main.ts\n${levels.join('\n')}\n`);
    expect(r.stderr).toBe(
      `berth synth: ${r.file}: its aliases (*name) expand to more values than Berth reads (the YAML reader stops at 100 expansions of aliases, against "billion laughs" documents)\n` +
        '  hint: Write the repeated values out rather than nesting aliases.\n',
    );
    expect(r.status).toBe(2);
  });

  test.each([
    ['a list', '- app: main.ts\n'],
    ['a string', 'app main.ts\n'],
    ['a number', '42\n'],
  ])('a document that is %s, not a mapping, is refused, exit 2', (kind, yaml) => {
    const r = synthWith(yaml);
    expect(r.stderr).toBe(
      `berth synth: ${r.file}: must be a mapping of settings (app, output, berth), not ${kind}\n` +
        '  hint: Write one setting per line, as `app: apps/main.ts`.\n',
    );
    expect(r.status).toBe(2);
  });

  test('an unknown gitops engine, and applicationSets that are no list of names, are refused, exit 2', () => {
    const gitops = 'app: main.ts\nberth:\n  gitops:\n    repoURL: https://example.com/p.git\n';
    const engine = synthWith(`${gitops}    engine: fluxcd\n`);
    expect(engine.stderr).toBe(
      `berth synth: ${engine.file}: berth.gitops.engine is "fluxcd"; it must be "argocd" or "flux"\n` +
        '  hint: Example: `engine: flux` under `gitops:` (argocd when left out).\n',
    );
    expect(engine.status).toBe(2);
    const sets = synthWith(`${gitops}    applicationSets: prod\n`);
    expect(sets.stderr).toBe(
      `berth synth: ${sets.file}: berth.gitops.applicationSets must be a list of environment names (got "prod")\n` +
        '  hint: Example: `applicationSets: [prod]`: Argo CD stamps out the apps of prod per cluster with one ApplicationSet.\n',
    );
    expect(sets.status).toBe(2);
  });

  test('a berth section that is a set, not a mapping, is refused', () => {
    const r = synthWith('app: main.ts\nberth: !!set { policy }\n');
    expect(r.stderr).toBe(
      `berth synth: ${r.file}: berth must be a mapping of policy, rules, gitops, timeout, typeCheck, helm\n`,
    );
    expect(r.status).toBe(2);
  });

  test('YAML that does not parse is named with its line, exit 2', () => {
    const r = synthWith('app: main.ts\noutput: [dist\n');
    expect(r.stderr).toMatch(
      new RegExp(
        `^berth synth: ${r.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid YAML: .* at line 3, column 1:\n`,
      ),
    );
    expect(r.stderr).toContain('  hint: Fix the YAML syntax.\n');
    expect(r.status).toBe(2);
  });
});
