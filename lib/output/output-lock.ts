import * as fs from 'fs';
import * as path from 'path';
import { OutputFolderError } from './output-folder-error';

/** Options of {@link lockOutputFolder}. */
export interface OutputLockOptions {
  /**
   * How long to wait for another process holding the lock before giving up.
   * @default 60000 (a minute: a synth of 30,000 objects to a disk takes seconds)
   */
  readonly waitMs?: number;
  /** Told once, with a message naming the other process, when this one starts waiting. */
  readonly onWait?: (message: string) => void;
}

/** Default of {@link OutputLockOptions.waitMs}. */
const WAIT_MS = 60_000;
/** Between two looks at a held lock. */
const POLL_MS = 50;
/**
 * A lock file without a process id is one being written (the id follows its creation at once)
 * or one whose writer died in between: after this long, the latter.
 */
const EMPTY_LOCK_STALE_MS = 5_000;

/** The staging folders, lock and journal of the output folder `abs` start with this, next to it. */
export function stagingPrefix(abs: string): string {
  return `.${path.basename(abs)}.staging-`;
}

/** Whether `name` is one of a synth's staging folders (`<prefix><pid>-...`) of the output folder `abs`. */
export function isStagingName(abs: string, name: string): boolean {
  const prefix = stagingPrefix(abs);
  return name.startsWith(prefix) && /^\d+-/.test(name.slice(prefix.length));
}

/** The lock file of the output folder `abs` (next to it, where its staging folders go). */
export function lockFile(abs: string): string {
  return path.join(path.dirname(abs), `${stagingPrefix(abs)}lock`);
}

/** Whether a process with this id exists (signal 0 only checks; EPERM means it exists). */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Blocks the thread for `ms` (the commands that lock are synchronous). */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The process id in a lock file; null when it holds none; undefined when the file is gone. */
function holderOf(file: string): { readonly pid: number | null; readonly ageMs: number } | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8');
    const ageMs = Date.now() - fs.statSync(file).mtimeMs;
    const pid = /^(\d+)\n$/.test(text) ? Number(text.trim()) : null;
    return { pid: pid !== null && pid > 0 ? pid : null, ageMs };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** A held lock on an output folder: one synth at a time writes it or completes its swap. */
export class OutputLock {
  private released = false;

  public constructor(public readonly file: string) {}

  /** Whether the lock file still names this process (a takeover by mistake would show here). */
  public stillHeld(): boolean {
    return !this.released && holderOf(this.file)?.pid === process.pid;
  }

  public release(): void {
    if (this.released) return;
    this.released = true;
    if (holderOf(this.file)?.pid === process.pid) fs.rmSync(this.file, { force: true });
  }
}

/**
 * Locks the output folder `abs`: creates its lock file (`.<name>.staging-lock` next to it) with
 * O_EXCL, holding this process's id. When another process holds it, waits for it (up to
 * `waitMs`, telling `onWait` once), then fails with a message naming that process. A lock
 * whose process has ended (a killed synth) is taken over.
 */
export function lockOutputFolder(abs: string, options: OutputLockOptions = {}): OutputLock {
  const file = lockFile(abs);
  const waitMs = options.waitMs ?? WAIT_MS;
  const deadline = Date.now() + waitMs;
  let told = false;
  for (;;) {
    try {
      const fd = fs.openSync(file, 'wx');
      try {
        fs.writeSync(fd, `${process.pid}\n`);
      } finally {
        fs.closeSync(fd);
      }
      return new OutputLock(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = holderOf(file);
    if (holder === undefined) continue; // released meanwhile
    const stale = holder.pid === null ? holder.ageMs > EMPTY_LOCK_STALE_MS : !processRuns(holder.pid);
    if (stale) {
      takeOver(file, holder.pid);
      continue;
    }
    const who = holder.pid === null ? 'another process' : `process ${holder.pid}`;
    if (Date.now() >= deadline) {
      throw new OutputFolderError(
        `the output folder ${abs} is being written by ${who} (another berth synth, still running after ${waitMs / 1000} s; its lock is ${file})`,
        `Wait for it to finish and synth again. If ${who} is no berth synth (a process id reused after a crash), delete ${file}.`,
      );
    }
    if (!told) {
      options.onWait?.(`waiting for ${who} (another berth synth) to finish writing ${abs}\n`);
      told = true;
    }
    sleep(Math.min(POLL_MS, Math.max(1, deadline - Date.now())));
  }
}

/**
 * Removes the lock `file` of an ended process `pid`. It is moved aside first and checked:
 * two processes may both find the same stale lock, and the slower one must not remove the
 * lock the faster one has just created. Moved aside by mistake, that lock is put back.
 */
function takeOver(file: string, pid: number | null): void {
  const aside = path.join(path.dirname(file), `${path.basename(file).replace(/lock$/, '')}${process.pid}-stale-lock`);
  try {
    fs.renameSync(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // another process took it over
    throw e;
  }
  const moved = holderOf(aside);
  if (moved !== undefined && moved.pid !== pid) {
    // A live lock, created after we read the stale one: put it back unless another took its place.
    try {
      fs.linkSync(aside, file);
    } catch {
      // Its holder finds out before it swaps (OutputLock.stillHeld) and fails cleanly.
    }
  }
  fs.rmSync(aside, { force: true });
}
