import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tmpDir } from './file-tree';

const repo = path.resolve(__dirname, '../..');

/** A program with one app in one environment: `dist/dev/hello/configmap-settings.yaml`. */
export const HELLO_PROGRAM = `
import { Platform, Environment, Application, ConfigMap } from BERTH;
export const platform = new Platform();
const app = new Application(new Environment(platform, 'dev', { config: {} }), 'hello');
new ConfigMap(app, 'settings', { data: { greeting: 'hi' } });
`;

/**
 * A project folder with `cdk8s.yaml` (`app: main.ts`, `output: dist`) and `main.ts` holding
 * `program`, in which `BERTH` stands for the import path of Berth's build.
 */
export function project(program: string): string {
  const dir = tmpDir('berth-cli-');
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'app: main.ts\noutput: dist\n');
  fs.writeFileSync(path.join(dir, 'main.ts'), berthProgram(program));
  return dir;
}

/**
 * `program` with `BERTH` replaced by the import path of Berth's build, as a user's program
 * imports the package: the type check reads its declarations rather than checking every source
 * (a cold check of the sources took 4x the CPU), and the CLI and the program share one copy.
 */
export function berthProgram(program: string): string {
  return program.replace(/BERTH/g, JSON.stringify(path.join(repo, 'build', 'lib')));
}

/** What a run of the `berth` command printed, and how it ended. */
export interface BerthRun {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall-clock time of the run, in milliseconds. */
  readonly ms: number;
}

/**
 * The real `berth` command (bin/berth.js, over the build) run in `dir`: under jest, TypeScript
 * is compiled by jest's transformer, not Berth's loader, and the process is jest's. A run that
 * takes longer than `killAfterMs` is killed (its `signal` is then SIGKILL), so that a command
 * that hangs fails its test rather than the test run.
 */
export function berth(dir: string, args: readonly string[] = ['synth'], killAfterMs = 60_000): BerthRun {
  const started = Date.now();
  const r = spawnSync(process.execPath, [path.join(repo, 'bin', 'berth.js'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: killAfterMs,
    killSignal: 'SIGKILL',
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}
