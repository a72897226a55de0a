/**
 * `berth synth --watch`, run as the real command: it writes, writes again after an edit (only
 * the changed file gets a new inode), prints a broken edit's error and keeps the output, writes
 * again after the fix, and stops on SIGINT leaving no staging folder or lock behind.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { HELLO_PROGRAM, project } from '../support/berth-project';

const repo = path.resolve(__dirname, '../..');

/** A running watch, and what it printed so far. */
interface Watch {
  readonly child: ChildProcess;
  stderr: string;
  stdout: string;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startWatch(dir: string): Watch {
  const child = spawn(process.execPath, [path.join(repo, 'bin', 'berth.js'), 'synth', '--watch'], { cwd: dir });
  const w: Watch = {
    child,
    stderr: '',
    stdout: '',
    exit: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal }))),
  };
  child.stderr!.on('data', (d: Buffer) => (w.stderr += d.toString()));
  child.stdout!.on('data', (d: Buffer) => (w.stdout += d.toString()));
  return w;
}

/** The lines of the watch's own status (one per run). */
function runs(w: Watch): string[] {
  return w.stderr.split('\n').filter((l) => l.startsWith('berth synth --watch: '));
}

/** Waits until the watch reported `count` runs (or fails the test after 60 s). */
async function runsReported(w: Watch, count: number): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  while (runs(w).length < count) {
    if (Date.now() > deadline || w.child.exitCode !== null) {
      throw new Error(`expected ${count} runs; the watch printed:\n${w.stderr}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return runs(w);
}

const FILE = ['dist', 'dev', 'hello', 'configmap-settings.yaml'];

test('synth --watch writes each good edit, keeps the output on a bad one, and stops on SIGINT', async () => {
  const dir = project(HELLO_PROGRAM);
  const main = path.join(dir, 'main.ts');
  const file = path.join(dir, ...FILE);
  const kustomization = path.join(dir, 'dist', 'dev', 'hello', 'kustomization.yaml');
  const w = startWatch(dir);
  try {
    expect((await runsReported(w, 1))[0]).toMatch(
      /^berth synth --watch: written in \d+ ms; watching for changes \(Ctrl-C stops\)$/,
    );
    expect(fs.readFileSync(file, 'utf8')).toContain('greeting: hi\n');
    const before = { file: fs.statSync(file).ino, kustomization: fs.statSync(kustomization).ino };

    // A file next to the program that is not a module (a log, say) runs nothing.
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'x');
    fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace("greeting: 'hi'", "greeting: 'hello'"));
    expect((await runsReported(w, 2))[1]).toMatch(
      /^berth synth --watch: written in \d+ ms after main\.ts changed; watching for changes \(Ctrl-C stops\)$/,
    );
    expect(fs.readFileSync(file, 'utf8')).toContain('greeting: hello\n');
    // Only the changed file was written again; the other keeps its inode.
    expect(fs.statSync(file).ino).not.toBe(before.file);
    expect(fs.statSync(kustomization).ino).toBe(before.kustomization);

    // A broken edit: its error, and the output as it was.
    fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace("greeting: 'hello'", 'greeting: 7 as never'));
    expect((await runsReported(w, 3))[2]).toMatch(
      /^berth synth --watch: failed in \d+ ms after main\.ts changed, the output is unchanged; watching/,
    );
    expect(w.stderr).toContain('field data.greeting: not a string (got 7)');
    expect(fs.readFileSync(file, 'utf8')).toContain('greeting: hello\n');

    // The fix is written.
    fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace('greeting: 7 as never', "greeting: 'back'"));
    expect((await runsReported(w, 4))[3]).toMatch(/^berth synth --watch: written in \d+ ms after main\.ts changed/);
    expect(fs.readFileSync(file, 'utf8')).toContain('greeting: back\n');
    expect(runs(w)).toHaveLength(4);
  } finally {
    w.child.kill('SIGINT');
  }
  expect(await w.exit).toEqual({ code: 130, signal: null });
  // Nothing of synth's is left next to the output: no staging folder, no lock, no journal.
  expect(fs.readdirSync(dir).sort()).toEqual(['.berth-cache', 'cdk8s.yaml', 'dist', 'main.ts', 'notes.txt']);
  expect(w.stdout.split('\n').filter((l) => l.startsWith('Synthesized'))).toHaveLength(3);
});

test('synth --watch runs again when cdk8s.yaml changes, and stops on SIGTERM', async () => {
  const dir = project(HELLO_PROGRAM);
  const w = startWatch(dir);
  try {
    await runsReported(w, 1);
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'app: main.ts\noutput: out\n');
    expect((await runsReported(w, 2))[1]).toMatch(/written in \d+ ms after cdk8s\.yaml changed/);
    expect(fs.existsSync(path.join(dir, 'out', 'dev', 'hello', 'configmap-settings.yaml'))).toBe(true);
  } finally {
    w.child.kill('SIGTERM');
  }
  expect(await w.exit).toEqual({ code: 143, signal: null });
});

test('SIGINT during a run lets it finish its output, then stops with nothing of synth left', async () => {
  // The program takes 1.5 s to build its platform, so the signal arrives while a run is under way.
  const slow = `${HELLO_PROGRAM}\nconst until = Date.now() + Number(process.env.SLOW ?? 0); while (Date.now() < until) {}\n`;
  const dir = project(slow);
  const main = path.join(dir, 'main.ts');
  const w = startWatch(dir);
  await runsReported(w, 1);
  fs.writeFileSync(
    main,
    fs
      .readFileSync(main, 'utf8')
      .replace("greeting: 'hi'", "greeting: 'late'")
      .replace('process.env.SLOW ?? 0', '1500'),
  );
  // The edit's run has started once the program's module was read again.
  await new Promise((r) => setTimeout(r, 600));
  w.child.kill('SIGINT');
  expect(await w.exit).toEqual({ code: 130, signal: null });
  expect(runs(w)).toHaveLength(2);
  expect(fs.readFileSync(path.join(dir, ...FILE), 'utf8')).toContain('greeting: late\n');
  expect(fs.readdirSync(dir).sort()).toEqual(['.berth-cache', 'cdk8s.yaml', 'dist', 'main.ts']);
});
