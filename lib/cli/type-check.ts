import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { UsageError } from '../model/usage-error';
import { shownPath } from './shown-path';
import type { TypeCheckOutcome } from './type-check-program';
import { currentStamp, typeCheckTarget } from './type-check-stamp';
import type { WorkerReply } from './type-check-worker';

/** The program does not type-check, or its tsconfig.json is wrong: the compiler's messages. */
export class TypeCheckFailed extends UsageError {
  public constructor(message: string, hint: string) {
    super(message, hint, 1);
    this.name = 'TypeCheckFailed';
  }
}

/**
 * The type check that runs alongside synth. It starts before the program loads, on a worker
 * thread (the compiler works on the other core while this one renders and validates), and
 * synth waits for it only before committing its output: a program that does not type-check
 * writes nothing. An unchanged program that passed before costs a look at the files it read
 * (type-check-stamp): no thread, no compiler.
 */
export class RunningTypeCheck {
  private readonly done: Promise<TypeCheckOutcome | { readonly crashed: string }>;

  public constructor(
    private readonly app: string,
    private readonly root: string,
    private readonly tsconfig: string | undefined,
    start: () => Worker | TypeCheckOutcome,
  ) {
    const started = start();
    if (!(started instanceof Worker)) {
      this.done = Promise.resolve(started);
      return;
    }
    const worker = started;
    this.done = new Promise((resolve) => {
      worker.once('message', (reply: WorkerReply) => resolve('crashed' in reply ? reply : reply.outcome));
      worker.once('error', (e) => resolve({ crashed: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
      worker.once('exit', (code) => resolve({ crashed: `the type-check thread ended (exit code ${code})` }));
    }).finally(() => void worker.terminate()) as Promise<TypeCheckOutcome | { readonly crashed: string }>;
  }

  /** Waits for the check; throws TypeCheckFailed (exit code 1) when the program does not type-check. */
  public async passed(): Promise<void> {
    const outcome = await this.done;
    if ('crashed' in outcome) {
      throw new TypeCheckFailed(
        `the type check of ${this.app} failed inside Berth: ${outcome.crashed.split('\n')[0]}`,
        'Nothing was written. Synth without it (--no-type-check) and report the problem with this message.',
      );
    }
    if (outcome.ok) return;
    const n = `${outcome.errorCount} error${outcome.errorCount === 1 ? '' : 's'}`;
    const options = this.tsconfig
      ? `compiler options from ${shownPath(this.root, this.tsconfig)}`
      : 'no tsconfig.json: strict defaults';
    // TS2307: an import names a module that is not there (a path, or a package not installed).
    const missing = outcome.codes.includes(2307)
      ? 'For a module not found: fix the path, or install the package (npm install). '
      : '';
    throw new TypeCheckFailed(
      `the program ${this.app} does not type-check (${n}; ${options}):\n${outcome.report}`,
      `Fix the code as the compiler says, then synth again; nothing was written. ${missing}To synth without type checking: --no-type-check, or \`typeCheck: false\` under \`berth:\` in cdk8s.yaml.`,
    );
  }
}

/**
 * Starts the type check of the program `app` (relative to the project folder `root`);
 * undefined for a JavaScript program, which has no types to check.
 */
export function startTypeCheck(root: string, app: string): RunningTypeCheck | undefined {
  const entry = path.resolve(root, app);
  if (!entry.endsWith('.ts') || !fs.existsSync(entry)) return undefined;
  const target = typeCheckTarget(root, entry);
  return new RunningTypeCheck(app, root, target.tsconfig, () => {
    const stamp = currentStamp(target);
    if (stamp) return { ok: true, checked: [] };
    const built = path.join(__dirname, 'type-check-worker.js');
    if (fs.existsSync(built)) return new Worker(built, { workerData: target });
    // Running from the TypeScript sources (the tests): the thread compiles them as it loads them.
    const ts = require.resolve('typescript');
    const source = path.join(__dirname, 'type-check-worker.ts');
    const bootstrap = `
      const fs = require('fs');
      const ts = require(${JSON.stringify(ts)});
      require.extensions['.ts'] = (m, file) => m._compile(ts.transpileModule(fs.readFileSync(file, 'utf8'), {
        fileName: file,
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      }).outputText, file);
      require(${JSON.stringify(source)});`;
    return new Worker(bootstrap, { eval: true, workerData: target });
  });
}
