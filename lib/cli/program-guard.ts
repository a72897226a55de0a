import * as vm from 'vm';
import { propertyOf } from '../model/thrown-value';
import { programFailure, userFrame } from './load-program';
import { UsageError } from '../model/usage-error';

/**
 * The user's program runs inside the `berth` process: synth loads it, then renders the
 * constructs it made. Whatever goes wrong there must end as a message, with nothing written:
 * an error it throws (load-program reports those), and here the rest: a promise it rejects with
 * no handler or a callback that throws (they surface only after the code synth called has
 * returned), a call to process.exit (which would end berth with the program's exit code and no
 * word), and code that never ends (a loop), which only a script run with a timeout can stop.
 */

/** The program as the user names it, and the project folder its stack frames are relative to. */
export interface GuardedProgram {
  /** The program as written in cdk8s.yaml or --app. */
  readonly app: string;
  readonly root: string;
  /** How long loading the program and rendering its platform may take, in seconds; 0: no limit. */
  readonly timeout: number;
  /** Where that limit was set, for the message: `--timeout` or `berth.timeout in cdk8s.yaml`. */
  readonly timeoutSource: string;
}

/** The default of `--timeout`, in seconds: far above what rendering a large platform takes. */
export const DEFAULT_TIMEOUT_SECONDS = 120;

/**
 * V8 interrupts code that runs past a timeout only inside a script run with one
 * (`vm.Script#runInContext(context, { timeout })`), and then also in every function that script
 * calls: the program's module code, its constructs' rendering. The script calls the function
 * its context's global holds; a context of its own, since the caller's global may be another
 * realm's (a test runner's), which a script run in this context would not see.
 */
interface Runner {
  readonly global: { work?: () => unknown };
  readonly context: vm.Context;
  readonly script: vm.Script;
}
let runner: Runner | undefined;

/** The longest timeout `runInContext` takes, in milliseconds. */
const MAX_TIMEOUT_MS = 2 ** 32 - 1;

/** How an error escaped the code synth ran, for the message. */
const ESCAPES = {
  unhandledRejection: 'a promise was rejected and nothing handled it',
  uncaughtException: 'thrown in a callback',
} as const;

const NOT_WAITED_FOR =
  'Synth does not wait for promises or timers: the platform must be built when the program has loaded.';

/** What `process.exit` throws while the program runs, so that the program stops there. */
class ProgramExit extends Error {
  public constructor(code: unknown) {
    super(`${exitCall(code)} was called while building the platform`);
    this.name = 'ProgramExit';
  }
}

/** `process.exit(3)`, as the program called it. */
function exitCall(code: unknown): string {
  return `process.exit(${code === undefined ? '' : typeof code === 'string' ? JSON.stringify(code) : String(code)})`;
}

/** Runs the program's code for synth and says how it went wrong (see the module comment). */
export class ProgramGuard {
  private exit: { readonly code: unknown; readonly where?: string } | undefined;
  private escaped: { readonly value: unknown; readonly how: keyof typeof ESCAPES } | undefined;
  /** When the program's time is up (Date.now() time), one budget for loading and rendering. */
  private readonly deadline: number | undefined;

  public constructor(private readonly program: GuardedProgram) {
    this.deadline = program.timeout > 0 ? Date.now() + program.timeout * 1000 : undefined;
  }

  /**
   * Runs `work` (code that runs the program: loading it, rendering its constructs), interrupted
   * when the program's time is up. Throws the program's exit as a UsageError, even when the
   * program caught what the call threw.
   */
  public run<T>(work: () => T): T {
    let result: T;
    try {
      result = this.limited(work);
    } catch (e) {
      this.check();
      throw e;
    }
    this.check();
    return result;
  }

  /**
   * Lets the event loop turn once, so that a promise the program rejected with no handler, or a
   * callback that threw, shows; throws it as a UsageError.
   */
  public async settle(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.check();
  }

  /** `process.exit` while the guard is on: notes the call and stops the program there. */
  public readonly exitStandIn = (code?: unknown): never => {
    this.exit ??= { code, where: userFrame(new Error(), this.program.root) };
    throw new ProgramExit(code);
  };

  /** `work()`, stopped at the deadline (an interrupted `work` unwinds without running its catch or finally blocks). */
  private limited<T>(work: () => T): T {
    if (this.deadline === undefined) return work();
    const left = this.deadline - Date.now();
    if (left <= 0) throw this.timedOut();
    if (!runner) {
      const global: Runner['global'] = {};
      runner = {
        global,
        context: vm.createContext(global),
        script: new vm.Script('work()', { filename: 'berth-program-guard' }),
      };
    }
    runner.global.work = work;
    try {
      return runner.script.runInContext(runner.context, {
        timeout: Math.min(Math.ceil(left), MAX_TIMEOUT_MS),
        displayErrors: false,
      }) as T;
    } catch (e) {
      if (propertyOf(e, 'code') === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw this.timedOut();
      throw e;
    } finally {
      runner.global.work = undefined;
    }
  }

  private timedOut(): UsageError {
    const { app, timeout, timeoutSource } = this.program;
    return new UsageError(
      `the program ${app} did not finish within ${timeout} s (${timeoutSource})`,
      'Look for a loop that never ends in the program or in a construct it renders. If it only needs more time, raise the limit (--timeout SECONDS, or berth.timeout in cdk8s.yaml; 0 for no limit).',
      1,
    );
  }

  /** Notes an error that escaped the program (the first one is reported). */
  public escape(value: unknown, how: keyof typeof ESCAPES): void {
    this.escaped ??= { value, how };
  }

  private check(): void {
    const { app, root } = this.program;
    if (this.exit) {
      const where = this.exit.where ? ` at ${this.exit.where}` : '';
      throw new UsageError(
        `the program ${app} called ${exitCall(this.exit.code)} while building the platform`,
        `Remove the call${where}; to stop synth, throw an Error (synth prints its message and line, and writes nothing).`,
        1,
      );
    }
    if (this.escaped) {
      const failure = programFailure(app, root, this.escaped.value, ESCAPES[this.escaped.how]);
      throw new UsageError(failure.message, `${failure.hint} ${NOT_WAITED_FOR}`, failure.exitCode);
    }
  }
}

/**
 * Runs `body` with the guard on: unhandled rejections and uncaught exceptions are noted rather
 * than ending the process, and `process.exit` throws. Everything is put back afterwards, so
 * that the rest of the command (and a test runner hosting it) sees the process as it was.
 */
export async function guardProgram<T>(program: GuardedProgram, body: (guard: ProgramGuard) => Promise<T>): Promise<T> {
  const guard = new ProgramGuard(program);
  const onRejection = (reason: unknown): void => guard.escape(reason, 'unhandledRejection');
  const onException = (error: unknown): void => guard.escape(error, 'uncaughtException');
  const exit = process.exit;
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  process.exit = guard.exitStandIn;
  try {
    return await body(guard);
  } finally {
    process.exit = exit;
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  }
}
