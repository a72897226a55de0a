import * as path from 'path';
import { parentPort, workerData } from 'worker_threads';
import { cacheDir } from '../perf/cache-dir';
import { enableModuleCodeCache, moduleCacheFile, saveModuleCodeCache } from '../perf/module-code-cache';
import type { TypeCheckOutcome } from './type-check-program';
import type { TypeCheckTarget } from './type-check-stamp';

/**
 * The body of the type-check thread (started by type-check): checks the program named in
 * `workerData` and posts the outcome, or what went wrong inside the compiler.
 */

/** What the thread posts back. */
export type WorkerReply = { readonly outcome: TypeCheckOutcome } | { readonly crashed: string };

// The compiler is the largest module there is (a third of a check's time went to compiling it):
// loaded through V8's code cache, in a file of its own (the main thread's holds other modules).
// Not when running from the TypeScript sources (the tests), which load through a compiler hook.
if (__filename.endsWith('.js')) {
  const main = moduleCacheFile(cacheDir('modules', __dirname), process.execArgv, process.env.NODE_OPTIONS);
  enableModuleCodeCache({ file: path.join(path.dirname(main), `typecheck-${path.basename(main)}`) });
}

function run(target: TypeCheckTarget): WorkerReply {
  try {
    const { checkProgram } = require('./type-check-program') as typeof import('./type-check-program');
    return { outcome: checkProgram(target) };
  } catch (e) {
    return { crashed: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}

const reply = run(workerData as TypeCheckTarget);
// Before replying: once synth has its answer, the process may end before this thread would exit.
saveModuleCodeCache();
parentPort?.postMessage(reply);
