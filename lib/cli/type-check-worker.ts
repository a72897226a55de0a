import { parentPort, workerData } from 'worker_threads';
import { checkProgram, TypeCheckOutcome } from './type-check-program';
import { TypeCheckTarget } from './type-check-stamp';

/**
 * The body of the type-check thread (started by type-check): checks the program named in
 * `workerData` and posts the outcome, or what went wrong inside the compiler.
 */

/** What the thread posts back. */
export type WorkerReply = { readonly outcome: TypeCheckOutcome } | { readonly crashed: string };

function run(target: TypeCheckTarget): WorkerReply {
  try {
    return { outcome: checkProgram(target) };
  } catch (e) {
    return { crashed: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}

if (parentPort) parentPort.postMessage(run(workerData as TypeCheckTarget));
