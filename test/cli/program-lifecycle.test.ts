import * as fs from 'fs';
import * as path from 'path';
import { berth, HELLO_PROGRAM, project } from '../support/berth-project';
import { readOutputTree, writeOwnedTree } from '../support/file-tree';

/**
 * What `berth synth` does with a program that misbehaves while it builds the platform: whatever
 * it throws, rejects, calls or loops on, synth ends with a message, exit 1 and nothing written.
 * These run the real command (the program is loaded by Berth's own TypeScript loader).
 */

const PREVIOUS = { [path.join('dev', 'hello', 'configmap-settings.yaml')]: 'previous output\n' };

/** A project whose program is the hello program followed by `extra`, with a previous output in dist/. */
function projectWithOutput(extra: string): string {
  const dir = project(`${HELLO_PROGRAM}${extra}\n`);
  // A previous synth's output: its files and the list of them synth keeps (.berth-output).
  writeOwnedTree(path.join(dir, 'dist'), { 'dev/hello/configmap-settings.yaml': 'previous output\n' });
  return dir;
}

/** The previous output is as it was, and no staging folder is left next to it. */
function expectPreviousOutput(dir: string): void {
  expect(
    fs
      .readdirSync(dir)
      .filter((n) => n !== '.berth-cache')
      .sort(),
  ).toEqual(['cdk8s.yaml', 'dist', 'main.ts']);
  expect(readOutputTree(path.join(dir, 'dist'))).toEqual(PREVIOUS);
}

/** `file:line:column` of the first `text` in the program of `dir`'s main.ts. */
function at(dir: string, text: string): string {
  const lines = fs.readFileSync(path.join(dir, 'main.ts'), 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(text));
  return `main.ts:${line + 1}:${lines[line].indexOf(text) + 1}`;
}

/** A ConfigMap construct whose rendering runs `body` first (code that runs at synth, not at load). */
const renderRuns = (body: string): string => `
import { ApiResource } from BERTH;
class Odd extends ApiResource { protected renderFields() { ${body}; return { data: { a: 'b' } }; } }
new Odd(app, 'odd', { apiVersion: 'v1', kind: 'ConfigMap' });`;

describe('a value thrown by the program that is not an Error', () => {
  test.each([
    ['throw Object.create(null);', '[Object: null prototype] {} was thrown, not an Error'],
    ['throw undefined;', 'undefined was thrown, not an Error'],
    ["throw 'the database is not configured';", 'the database is not configured'],
    [
      "throw { get message() { throw new Error('from the getter'); } };",
      '{ message: [Getter] } was thrown, not an Error',
    ],
  ])('%s is reported as what it is, exit 1, nothing written', (statement, text) => {
    const dir = projectWithOutput(statement);
    const r = berth(dir);
    expect(r.stderr).toBe(
      `berth synth: the program main.ts failed while building the platform: ${text}\n` +
        '  hint: Find where the program throws it (throwing an Error instead makes synth name the line), then synth again.\n',
    );
    expect(r.status).toBe(1);
    expectPreviousOutput(dir);
  });

  test('thrown while a construct renders, it is a problem of that construct', () => {
    const dir = projectWithOutput(renderRuns('throw Object.create(null)'));
    const r = berth(dir);
    expect(r.stderr).toContain('dev/hello/odd');
    expect(r.stderr).toContain('[Object: null prototype] {} was thrown, not an Error');
    expect(r.stderr).toContain('Synth failed: nothing was written; the previous output is unchanged.\n');
    expect(r.status).toBe(1);
    expectPreviousOutput(dir);
  });
});

test('a timer the program leaves running does not keep berth from exiting once its output is written', () => {
  const dir = projectWithOutput('setInterval(() => {}, 1000);');
  const r = berth(dir, ['synth'], 20_000);
  expect(r.signal).toBeNull();
  expect(r.stdout).toBe('Synthesized 1 object of 1 app in 1 environment (plain): 3 files in dist/\n');
  expect(r.status).toBe(0);
  expect(r.ms).toBeLessThan(15_000);
  expect(fs.readFileSync(path.join(dir, 'dist', 'dev', 'hello', 'configmap-settings.yaml'), 'utf8')).toContain(
    'greeting: hi',
  );
});

describe('an error that escapes the program in a promise or a callback', () => {
  const later = ' Synth does not wait for promises or timers: the platform must be built when the program has loaded.';
  test.each([
    [
      'a promise rejected at the top level',
      "Promise.reject(new Error('the registry is unreachable'));",
      'a promise was rejected and nothing handled it',
    ],
    [
      'an async function that throws',
      "(async () => { throw new Error('the registry is unreachable'); })();",
      'a promise was rejected and nothing handled it',
    ],
    [
      'a promise rejected while a construct renders',
      renderRuns("Promise.reject(new Error('the registry is unreachable'))"),
      'a promise was rejected and nothing handled it',
    ],
    [
      'a timer that throws',
      "setTimeout(() => { throw new Error('the registry is unreachable'); }, 0);",
      'thrown in a callback',
    ],
  ])('%s fails the synth with its line, exit 1, nothing written', (_what, code, how) => {
    const dir = projectWithOutput(code);
    const r = berth(dir);
    const where = at(dir, "new Error('the registry");
    expect(r.stderr).toBe(
      `berth synth: the program main.ts failed while building the platform at ${where}: the registry is unreachable (${how})\n` +
        `  hint: Fix the code at ${where} as the message says, then synth again.${later}\n`,
    );
    expect(r.stdout).toBe('');
    expect(r.status).toBe(1);
    expectPreviousOutput(dir);
  });
});

describe('process.exit called by the program', () => {
  test('at its top level: synth says so, exit 1, nothing written', () => {
    const dir = projectWithOutput('process.exit(3);');
    const r = berth(dir);
    expect(r.stderr).toBe(
      'berth synth: the program main.ts called process.exit(3) while building the platform\n' +
        `  hint: Remove the call at ${at(dir, 'exit(')}; to stop synth, throw an Error (synth prints its message and line, and writes nothing).\n`,
    );
    expect(r.status).toBe(1);
    expectPreviousOutput(dir);
  });

  test('while a construct renders, even when the program catches what the call throws', () => {
    const dir = projectWithOutput(renderRuns('try { process.exit(); } catch { /* carry on */ }'));
    const r = berth(dir);
    expect(r.stderr).toBe(
      'berth synth: the program main.ts called process.exit() while building the platform\n' +
        `  hint: Remove the call at ${at(dir, 'exit(')}; to stop synth, throw an Error (synth prints its message and line, and writes nothing).\n`,
    );
    expect(r.status).toBe(1);
    expectPreviousOutput(dir);
  });
});

describe('a program that never finishes', () => {
  const hint =
    '  hint: Look for a loop that never ends in the program or in a construct it renders. If it only needs more time, raise the limit (--timeout SECONDS, or berth.timeout in cdk8s.yaml; 0 for no limit).\n';

  test.each([
    ['at its top level', 'while (true) { /* waiting */ }'],
    ['while a construct renders', renderRuns('while (true) { /* waiting */ }')],
  ])('%s is stopped after --timeout: exit 1, nothing written', (_where, code) => {
    const dir = projectWithOutput(code);
    const r = berth(dir, ['synth', '--timeout', '1'], 30_000);
    expect(r.signal).toBeNull();
    expect(r.stderr).toBe(`berth synth: the program main.ts did not finish within 1 s (--timeout)\n${hint}`);
    expect(r.status).toBe(1);
    expect(r.ms).toBeLessThan(20_000);
    expectPreviousOutput(dir);
  });

  test('stopped once the output is staged (a chart with declared values renders the objects again), the staged files are removed', () => {
    // The program uses the build's modules, as the command does: declared chart values are its state.
    const dir = projectWithOutput(`
import { ApiResource, ChartValues } from ${JSON.stringify(path.resolve(__dirname, '../../build/lib'))};
new ApiResource(app, 'tagged', { apiVersion: 'v1', kind: 'ConfigMap' }, { data: { tag: ChartValues.of(app).string('tag', { default: 'a' }) } });
let renders = 0;
class Odd extends ApiResource { protected renderFields() { if (++renders > 1) { while (true) { /* waiting */ } } return { data: { a: 'b' } }; } }
new Odd(app, 'odd', { apiVersion: 'v1', kind: 'ConfigMap' });`);
    const r = berth(dir, ['synth', '--format', 'all', '--timeout', '2'], 30_000);
    expect(r.stderr).toBe(`berth synth: the program main.ts did not finish within 2 s (--timeout)\n${hint}`);
    expect(r.status).toBe(1);
    expectPreviousOutput(dir);
  });

  test('berth.timeout in cdk8s.yaml sets the limit; diff and graph take --timeout too', () => {
    const dir = projectWithOutput('while (true) { /* waiting */ }');
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'app: main.ts\noutput: dist\nberth:\n  timeout: 1\n');
    const synth = berth(dir, ['synth'], 30_000);
    expect(synth.stderr).toBe(
      `berth synth: the program main.ts did not finish within 1 s (berth.timeout in cdk8s.yaml)\n${hint}`,
    );
    expect(synth.status).toBe(1);
    const graph = berth(dir, ['graph', '--timeout', '1'], 30_000);
    expect(graph.stderr).toBe(`berth graph: the program main.ts did not finish within 1 s (--timeout)\n${hint}`);
    expect(graph.status).toBe(1);
    const diff = berth(dir, ['diff', '--timeout', '1.5'], 30_000);
    expect(diff.stderr).toBe(`berth diff: the program main.ts did not finish within 1.5 s (--timeout)\n${hint}`);
    expect(diff.status).toBe(2);
    expectPreviousOutput(dir);
  });

  test('a --timeout or berth.timeout that is not a number of seconds is refused with exit 2', () => {
    const dir = project(HELLO_PROGRAM);
    for (const value of ['soon', '-1', '']) {
      const r = berth(dir, ['synth', `--timeout=${value}`]);
      expect(r.stderr).toBe(
        `berth synth: --timeout ${value}: expected a number of seconds, such as 120 (0 for no limit)\n`,
      );
      expect(r.status).toBe(2);
    }
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'app: main.ts\nberth:\n  timeout: "300"\n');
    const r = berth(dir, ['synth']);
    expect(r.stderr).toBe(
      `berth synth: ${path.join(dir, 'cdk8s.yaml')}: berth.timeout is "300"; it must be a number of seconds (0 for no limit)\n  hint: Example: \`timeout: 300\` under \`berth:\`.\n`,
    );
    expect(r.status).toBe(2);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  test('--timeout 0 sets no limit', () => {
    const dir = project(HELLO_PROGRAM);
    const r = berth(dir, ['synth', '--timeout', '0']);
    expect(r.stdout).toBe('Synthesized 1 object of 1 app in 1 environment (plain): 3 files in dist/\n');
    expect(r.status).toBe(0);
  });
});
