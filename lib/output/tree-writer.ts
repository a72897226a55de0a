import { Worker } from 'worker_threads';

/*
 * How the files of a staged tree are put in its staging folder: one by one on the calling
 * thread ({@link placeFile}), or by a {@link WriterThread} while the caller goes on rendering.
 */

/** Files per message to the writer thread (a message costs more than a file). */
const BATCH = 256;
/** Bytes kept for the writer thread's error message. */
const ERROR_BYTES = 4096;

/**
 * Whether a file of the previous output may be hard-linked into the new one: a plain file that
 * no other path links to (so nothing outside the output can change it behind our back).
 */
export function linkable(st: { isFile(): boolean; readonly nlink: number }): boolean {
  return st.isFile() && st.nlink === 1;
}

/** What {@link placeFile} keeps between files: folders made, and two buffers it reuses. */
export interface PlaceState {
  readonly made: Set<string>;
  old: Buffer;
  fresh: Buffer;
}

export function newPlaceState(): PlaceState {
  return { made: new Set(), old: Buffer.alloc(0), fresh: Buffer.alloc(0) };
}

/**
 * Whether `file` is a plain file, linked nowhere else, of mode `fileMode`, holding exactly the
 * UTF-8 bytes of `content`. Reads into the buffers of `state` (no allocation per file); any
 * error reading it means no.
 */
function sameBytes(
  fsm: typeof import('fs'),
  file: string,
  fileMode: number,
  content: string,
  state: PlaceState,
): boolean {
  try {
    const st = fsm.lstatSync(file, { throwIfNoEntry: false });
    if (st === undefined || !linkable(st) || (st.mode & 0o7777) !== fileMode) return false;
    const size = st.size;
    if (size !== Buffer.byteLength(content, 'utf8')) return false;
    if (state.old.length <= size) {
      state.old = Buffer.allocUnsafe(Math.max(size + 1, 2 * state.old.length));
      state.fresh = Buffer.allocUnsafe(state.old.length);
    }
    // Up to one byte more than expected, which shows a file that grew since the lstat.
    const fd = fsm.openSync(file, 'r');
    let got = 0;
    try {
      for (let n = 1; n > 0 && got <= size; got += n) n = fsm.readSync(fd, state.old, got, size + 1 - got, got);
    } finally {
      fsm.closeSync(fd);
    }
    state.fresh.write(content, 0, 'utf8');
    return got === size && state.old.compare(state.fresh, 0, size, 0, size) === 0;
  } catch {
    return false;
  }
}

/**
 * Puts `content` at `root/rel`, creating folders once each: a hard link to `previous/rel` when
 * that is a plain file (linked nowhere else, of mode `fileMode`) with exactly these bytes, else
 * a new file. The writer thread runs this function's source (and that of the functions it
 * calls), so they use only their parameters.
 */
export function placeFile(
  fsm: typeof import('fs'),
  pathm: typeof import('path'),
  root: string,
  previous: string | undefined,
  fileMode: number,
  rel: string,
  content: string,
  state: PlaceState,
): void {
  const target = pathm.join(root, rel);
  const d = pathm.dirname(target);
  if (!state.made.has(d)) {
    fsm.mkdirSync(d, { recursive: true });
    state.made.add(d);
  }
  if (previous !== undefined && sameBytes(fsm, pathm.join(previous, rel), fileMode, content, state)) {
    try {
      fsm.linkSync(pathm.join(previous, rel), target);
      return;
    } catch {
      // No hard links here (another file system, a restricted one): write the file.
    }
  }
  fsm.writeFileSync(target, content);
}

/**
 * Shared state with the writer thread: `[0]` is 0 while it works, 1 when it wrote everything,
 * 2 when a write failed; `[1]` the length of the UTF-8 error message stored after the header;
 * `[2]` the number of files written so far (its progress); `[3]` set to 1 by the main thread to
 * cancel: the files still queued are then dropped instead of written.
 */
const HEADER_BYTES = 16;

/**
 * A worker thread that writes the files it is sent. The main thread waits for it with
 * `Atomics.wait`, so staging stays synchronous for callers.
 */
export class WriterThread {
  private readonly worker: Worker;
  private readonly shared: SharedArrayBuffer;
  private readonly state: Int32Array;
  private batch: string[] = [];

  /** Set once the thread was given up on (no progress): there is nothing left to wait for. */
  private stalled = false;

  public constructor(
    private readonly staging: string,
    previous: string | undefined,
    fileMode: number,
    private readonly stallMs: number,
  ) {
    this.shared = new SharedArrayBuffer(HEADER_BYTES + ERROR_BYTES);
    this.state = new Int32Array(this.shared, 0, 4);
    this.worker = new Worker(
      `${[linkable, newPlaceState, sameBytes, placeFile].map(String).join('\n')}\n(${writerMain.toString()})();`,
      {
        eval: true,
        // It only holds one batch at a time: a small young generation keeps its memory small.
        resourceLimits: { maxYoungGenerationSizeMb: 1 },
        workerData: {
          staging,
          previous,
          fileMode,
          shared: this.shared,
          errorBytes: ERROR_BYTES,
          headerBytes: HEADER_BYTES,
        },
      },
    );
    // The process may end without waiting for the thread (after commit or abort).
    this.worker.unref();
  }

  public add(rel: string, content: string): void {
    this.batch.push(rel, content);
    if (this.batch.length >= BATCH * 2) this.flush();
  }

  /** Waits until every file is written; throws the first write error. */
  public finish(): void {
    this.flush();
    this.worker.postMessage(null);
    let progress = Atomics.load(this.state, 2);
    let lastProgressAt = Date.now();
    while (Atomics.load(this.state, 0) === 0) {
      Atomics.wait(this.state, 0, 0, Math.min(1000, this.stallMs));
      const now = Date.now();
      const p = Atomics.load(this.state, 2);
      if (p !== progress) {
        progress = p;
        lastProgressAt = now;
      } else if (now - lastProgressAt > this.stallMs && Atomics.load(this.state, 0) === 0) {
        this.stalled = true;
        void this.worker.terminate();
        throw new Error(
          `writing the output into ${this.staging} stopped: no file was written for ${this.stallMs / 1000} s. Check the disk that holds it (free space, a hung network mount) and run synth again; the previous output is unchanged.`,
        );
      }
    }
    if (Atomics.load(this.state, 0) !== 1) {
      const length = Atomics.load(this.state, 1);
      const message = Buffer.from(new Uint8Array(this.shared, HEADER_BYTES, length)).toString('utf8');
      // The thread sends the message only; Node's file system errors start with their code.
      const error: NodeJS.ErrnoException = new Error(message || 'writing the output failed');
      const code = /^(E[A-Z0-9]+): /.exec(message)?.[1];
      if (code !== undefined) error.code = code;
      throw error;
    }
  }

  /** Stops the thread: the files still queued are dropped (the staging folder is removed anyway). */
  public cancel(): void {
    this.batch = [];
    Atomics.store(this.state, 3, 1);
    // A thread given up on is being terminated: waiting again would only double the delay.
    if (this.stalled) return;
    // Wait for it so that it does not recreate folders under the removed staging folder.
    try {
      this.finish();
    } catch {
      // The failure that made the caller abort is the one to report.
    }
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    this.worker.postMessage(this.batch);
    this.batch = [];
  }
}

/**
 * The writer thread's program. It runs as source text in the worker, so it must not use
 * anything from this module's scope but {@link placeFile}, `newPlaceState`, `sameBytes` and
 * `linkable` (whose sources are run before it).
 */
function writerMain(): void {
  const wfs = require('fs') as typeof import('fs');
  const wpath = require('path') as typeof import('path');
  const { parentPort, workerData } = require('worker_threads') as typeof import('worker_threads');
  const { staging, previous, fileMode, shared, errorBytes, headerBytes } = workerData as {
    staging: string;
    previous: string | undefined;
    fileMode: number;
    shared: SharedArrayBuffer;
    errorBytes: number;
    headerBytes: number;
  };
  const state = new Int32Array(shared, 0, 4);
  const place = newPlaceState();
  let failure: string | undefined;
  const done = (): void => {
    if (failure !== undefined) {
      const bytes = Buffer.from(failure, 'utf8').subarray(0, errorBytes);
      new Uint8Array(shared, headerBytes, errorBytes).set(bytes);
      Atomics.store(state, 1, bytes.length);
    }
    Atomics.store(state, 0, failure === undefined ? 1 : 2);
    Atomics.notify(state, 0);
    parentPort!.close();
  };
  // An unexpected error ends the thread: report it rather than leave the main thread waiting.
  process.on('uncaughtException', (e) => {
    failure = failure ?? `the writer thread failed: ${String((e as Error)?.message ?? e)}`;
    done();
  });
  parentPort!.on('message', (batch: string[] | null) => {
    if (batch === null) {
      done();
      return;
    }
    if (failure !== undefined || Atomics.load(state, 3) === 1) return;
    try {
      for (let i = 0; i < batch.length && Atomics.load(state, 3) === 0; i += 2) {
        placeFile(wfs, wpath, staging, previous, fileMode, batch[i], batch[i + 1], place);
        Atomics.add(state, 2, 1);
      }
    } catch (e) {
      failure = String((e as Error)?.message ?? e);
    }
  });
}
