import { programFailure, userFrame } from './load-program';
import { UsageError } from './usage-error';

/**
 * The user's program runs inside the `berth` process: synth loads it, then renders the
 * constructs it made. Whatever it does there must end as a message, with nothing written: an
 * error it throws (load-program), but also a promise it rejects with no handler or a callback
 * that throws (they surface only after the code synth called has returned), and a call to
 * process.exit (which would end berth with the program's exit code and no word).
 */

/** The program as the user names it, and the project folder its stack frames are relative to. */
export interface GuardedProgram {
  /** The program as written in cdk8s.yaml or --app. */
  readonly app: string;
  readonly root: string;
}

/** How an error escaped the code synth ran, for the message. */
const ESCAPES = {
  unhandledRejection: 'a promise was rejected and nothing handled it',
  uncaughtException: 'thrown in a callback',
} as const;

const NOT_WAITED_FOR = 'Synth does not wait for promises or timers: the platform must be built when the program has loaded.';

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

  public constructor(private readonly program: GuardedProgram) {}

  /**
   * Runs `work` (code that runs the program: loading it, rendering its constructs). Throws the
   * program's exit as a UsageError, even when the program caught what the call threw.
   */
  public run<T>(work: () => T): T {
    let result: T;
    try {
      result = work();
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

  /** Notes an error that escaped the program (the first one is reported). */
  public escape(value: unknown, how: keyof typeof ESCAPES): void {
    this.escaped ??= { value, how };
  }

  private check(): void {
    const { app, root } = this.program;
    if (this.exit) {
      const where = this.exit.where ? ` at ${this.exit.where}` : '';
      throw new UsageError(`the program ${app} called ${exitCall(this.exit.code)} while building the platform`,
        `Remove the call${where}; to stop synth, throw an Error (synth prints its message and line, and writes nothing).`, 1);
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
