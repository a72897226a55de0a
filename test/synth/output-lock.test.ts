import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { OutputFolderError } from '../../lib/output/output-folder-error';
import { StagedTree } from '../../lib/output/staged-tree';
import { readOutputTree, tmpDir, writeOwnedTree } from '../support/file-tree';

const built = path.resolve(__dirname, '..', '..', 'build', 'lib', 'output');

/** A previous output `dist` holding `a.yaml`, and its lock file's path. */
function previousOutput(): { out: string; lock: string } {
  const out = path.join(tmpDir('berth-lock-'), 'dist');
  writeOwnedTree(out, { 'a.yaml': 'a: 1\n' });
  return { out, lock: path.join(path.dirname(out), '.dist.staging-lock') };
}

function commitOne(out: string, options: ConstructorParameters<typeof StagedTree>[1] = {}): void {
  const tree = new StagedTree(out, options);
  tree.add('a.yaml', 'a: 2\n');
  tree.commit();
}

/** Blocks until `check` holds (a child process is starting), at most 10 s. */
function waitFor(check: () => boolean): void {
  const until = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
}

describe('the lock of an output folder', () => {
  let holder: ChildProcess | undefined;
  afterEach(() => {
    holder?.kill('SIGKILL');
    holder = undefined;
  });

  test('held by a running process: synth waits up to waitMs, says so once, then fails naming it; the output stays', () => {
    const { out, lock } = previousOutput();
    holder = spawn('sleep', ['30']);
    fs.writeFileSync(lock, `${holder.pid}\n`);
    const told: string[] = [];
    const started = Date.now();
    expect(() => commitOne(out, { lock: { waitMs: 400, onWait: (m) => told.push(m) } })).toThrow(
      new OutputFolderError(
        `the output folder ${out} is being written by process ${holder.pid} (another berth synth, still running after 0.4 s; its lock is ${lock})`,
        `Wait for it to finish and synth again. If process ${holder.pid} is no berth synth (a process id reused after a crash), delete ${lock}.`,
      ),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(told).toEqual([`waiting for process ${holder.pid} (another berth synth) to finish writing ${out}\n`]);
    // Its lock is its own: left as it was, and so is the output, with nothing staged next to it.
    expect(fs.readFileSync(lock, 'utf8')).toBe(`${holder.pid}\n`);
    expect(readOutputTree(out)).toEqual({ 'a.yaml': 'a: 1\n' });
    expect(fs.readdirSync(path.dirname(out)).sort()).toEqual(['.dist.staging-lock', 'dist']);
  });

  test('of a process that has ended (a killed synth) is taken over; so is an empty one older than 5 s', () => {
    const { out, lock } = previousOutput();
    const dead = Number(
      spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout,
    );
    fs.writeFileSync(lock, `${dead}\n`);
    commitOne(out, { lock: { waitMs: 0 } });
    expect(readOutputTree(out)).toEqual({ 'a.yaml': 'a: 2\n' });
    fs.writeFileSync(lock, '');
    fs.utimesSync(lock, new Date(Date.now() - 6000), new Date(Date.now() - 6000));
    commitOne(out, { lock: { waitMs: 0 } });
    // Released after the commit: nothing is left next to the output.
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);
  });

  test('makes two synths of one folder queue: the second writes once the first is done', () => {
    const { out, lock } = previousOutput();
    // Another process takes the lock, as a synth would, and holds it for a second.
    holder = spawn(process.execPath, [
      '-e',
      `
      const { lockOutputFolder } = require(${JSON.stringify(path.join(built, 'output-lock.js'))});
      const held = lockOutputFolder(${JSON.stringify(out)});
      setTimeout(() => held.release(), 1000);
    `,
    ]);
    waitFor(() => fs.existsSync(lock));
    const told: string[] = [];
    const started = Date.now();
    commitOne(out, { lock: { onWait: (m) => told.push(m) } });
    expect(Date.now() - started).toBeGreaterThan(300);
    expect(told).toEqual([`waiting for process ${holder.pid} (another berth synth) to finish writing ${out}\n`]);
    expect(readOutputTree(out)).toEqual({ 'a.yaml': 'a: 2\n' });
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);
  });

  test('two berth synth processes of one project at once both succeed, one after the other', () => {
    const repo = path.resolve(__dirname, '..', '..');
    const dir = tmpDir('berth-lock-');
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'app: main.js\n');
    fs.writeFileSync(
      path.join(dir, 'main.js'),
      `
      const { Platform, Environment, Application, ConfigMap } = require(${JSON.stringify(path.join(repo, 'build', 'lib'))});
      exports.platform = new Platform();
      const app = new Application(new Environment(exports.platform, 'dev', { config: {} }), 'hello');
      for (let i = 0; i < 300; i++) new ConfigMap(app, 'settings-' + i, { data: { i: String(i) } });
    `,
    );
    const script = `
      const { spawn } = require('child_process');
      const run = () => new Promise((done) => {
        const p = spawn(process.execPath, [${JSON.stringify(path.join(repo, 'bin', 'berth.js'))}, 'synth', '--policy', 'none'], { cwd: ${JSON.stringify(dir)} });
        let err = '';
        p.stderr.on('data', (d) => { err += d; });
        p.on('close', (code) => done({ code, err }));
      });
      Promise.all([run(), run()]).then((r) => process.stdout.write(JSON.stringify(r)));
    `;
    const results = JSON.parse(spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout) as {
      code: number;
      err: string;
    }[];
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    expect(Object.keys(readOutputTree(path.join(dir, 'dist')))).toHaveLength(302);
    expect(fs.readdirSync(dir).sort()).toEqual(['.berth-cache', 'cdk8s.yaml', 'dist', 'main.js']);
  });
});
