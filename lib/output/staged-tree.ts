import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { resolveOutputFolder } from './output-folder';

/** Options of {@link StagedTree}. */
export interface StagedTreeOptions {
  /**
   * Entries of the existing folder to carry over unchanged (for example `charts` when only
   * plain YAML is synthesized), asked for each top-level entry by its relative path: `true`
   * carries it over, `false` drops it, `'partly'` (a folder) asks again for each entry inside
   * it (`argocd/prod`). Everything not carried over is replaced, so stale files go.
   */
  readonly keep?: (relativePath: string) => boolean | 'partly';
  /**
   * Write the files on a separate thread while the caller goes on producing them (worth it
   * for thousands of files: the writes then overlap with rendering YAML on another core).
   * @default false
   */
  readonly threaded?: boolean;
  /**
   * A file whose bytes are those of the same file in the existing folder is hard-linked from
   * it instead of written again (a plain file, linked nowhere else, with the mode a new file
   * gets). On a disk, linking costs a fraction of creating and writing a file, and a re-synth
   * mostly changes few files; unchanged files also keep their modification time.
   * @default true
   */
  readonly reuseUnchanged?: boolean;
  /**
   * With `threaded`: how long the writer thread may go without finishing a file while files
   * are pending before the commit fails (it only ever waits for the file system, so this long
   * means a hung disk or network mount, or a thread that died).
   * @default 120000 (2 minutes)
   */
  readonly writerStallMs?: number;
}

/** Files per message to the writer thread (a message costs more than a file). */
const BATCH = 256;
/** Default of {@link StagedTreeOptions.writerStallMs}. */
const WRITER_STALL_MS = 2 * 60 * 1000;
/** Bytes kept for the writer thread's error message. */
const ERROR_BYTES = 4096;

/**
 * A new version of the folder `dir`, built in a sibling staging folder and swapped in by
 * {@link commit}, so that a reader sees either the old folder or the new one, never a mix.
 * Until the commit `dir` is untouched; {@link abort} (or a failed commit) removes the staging
 * folder. Files are added one by one as they are produced.
 */
export class StagedTree {
  private readonly abs: string;
  private readonly staging: string;
  private readonly place = newPlaceState();
  private readonly previous?: string;
  private readonly fileMode: number;
  private readonly writer?: WriterThread;
  private finished = false;

  public constructor(dir: string, options: StagedTreeOptions = {}) {
    // A link to a folder is followed: the folder it points to is replaced, the link stays.
    this.abs = resolveOutputFolder(dir);
    const parent = path.dirname(this.abs);
    fs.mkdirSync(parent, { recursive: true });
    const prefix = `.${path.basename(this.abs)}.staging-`;
    removeAbandonedStaging(parent, prefix, this.abs);
    // The process id in the name tells a later synth whether this one still runs.
    this.staging = fs.mkdtempSync(path.join(parent, `${prefix}${process.pid}-`));
    // The mode `writeFileSync` gives a new file (read here, on the main thread, once).
    this.fileMode = 0o666 & ~process.umask();
    if (options.reuseUnchanged !== false && fs.existsSync(this.abs)) this.previous = this.abs;
    try {
      if (options.keep && fs.existsSync(this.abs)) keepEntries(options.keep, this.abs, this.staging, '');
      if (options.threaded) this.writer = new WriterThread(this.staging, this.previous, this.fileMode, options.writerStallMs ?? WRITER_STALL_MS);
    } catch (e) {
      removeTree(this.staging);
      throw e;
    }
  }

  /** Adds the file `rel` (a relative path with `/` separators). */
  public add(rel: string, content: string): void {
    if (this.finished) throw new Error('the staged tree was already committed or aborted');
    if (this.writer) {
      this.writer.add(rel, content);
      return;
    }
    try {
      placeFile(fs, path, this.staging, this.previous, this.fileMode, rel, content, this.place);
    } catch (e) {
      this.abort();
      throw e;
    }
  }

  /** Replaces `dir` with the staged files; on failure `dir` is left as it was. */
  public commit(): void {
    if (this.finished) throw new Error('the staged tree was already committed or aborted');
    try {
      this.writer?.finish();
    } catch (e) {
      this.abort();
      throw e;
    }
    this.finished = true;
    const old = `${this.staging}.old`;
    const hadOld = fs.existsSync(this.abs);
    if (hadOld) fs.renameSync(this.abs, old);
    try {
      fs.renameSync(this.staging, this.abs);
    } catch (e) {
      if (hadOld) fs.renameSync(old, this.abs);
      removeTree(this.staging);
      throw e;
    }
    if (hadOld) removeTree(old);
  }

  /** Drops the staged files; `dir` stays as it was. */
  public abort(): void {
    if (this.finished) return;
    this.finished = true;
    this.writer?.cancel();
    removeTree(this.staging);
  }
}

/**
 * Removes the staging folders (`<prefix><pid>-*`, and their `.old` twins) in `parent` that a
 * synth left behind when it was killed before it could clean up (Ctrl-C, an out-of-memory
 * kill): those whose process is gone. A running synth's folders stay. A synth killed between
 * the two renames of its commit left the output folder `abs` missing and the previous output
 * in its `.old` folder: that folder is put back.
 */
function removeAbandonedStaging(parent: string, prefix: string, abs: string): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(parent);
  } catch {
    return;
  }
  const abandoned = entries.filter((entry) => {
    if (!entry.startsWith(prefix)) return false;
    const pid = Number(/^(\d+)-/.exec(entry.slice(prefix.length))?.[1]);
    return Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && !processRuns(pid);
  });
  // `.old` folders first: one may have to be put back before the rest is removed.
  for (const entry of abandoned.sort((a, b) => Number(b.endsWith('.old')) - Number(a.endsWith('.old')))) {
    const full = path.join(parent, entry);
    if (entry.endsWith('.old') && !fs.existsSync(abs)) fs.renameSync(full, abs);
    else removeTree(full);
  }
}

/** Whether a process with this id exists (signal 0 only checks; EPERM means it exists). */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the folder `dir` and everything below it. Reading each folder's entries with their
 * types spares the `lstat` per entry that `fs.rmSync` makes (a quarter of removing an output
 * of 30,000 files); anything unexpected falls back to `fs.rmSync`.
 */
export function removeTree(dir: string): void {
  try {
    removeEntries(dir);
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function removeEntries(dir: string): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) removeEntries(p);
    else fs.unlinkSync(p);
  }
  fs.rmdirSync(dir);
}

/** Carries over the entries of the folder `from` (at `rel` in the output) that `keep` names. */
function keepEntries(keep: (relativePath: string) => boolean | 'partly', from: string, to: string, rel: string): void {
  for (const entry of fs.readdirSync(from).sort()) {
    const entryRel = rel ? `${rel}/${entry}` : entry;
    const answer = keep(entryRel);
    const source = path.join(from, entry);
    if (answer === true) {
      carryOver(source, path.join(to, entry));
    } else if (answer === 'partly' && fs.lstatSync(source).isDirectory()) {
      fs.mkdirSync(path.join(to, entry), { recursive: true });
      keepEntries(keep, source, path.join(to, entry), entryRel);
    }
  }
}

/**
 * Puts the kept tree `from` at `to`: folders made again, plain files linked nowhere else
 * hard-linked (their bytes do not change; the old folder goes at commit), anything else
 * copied. Linking instead of copying made `synth --format helm` over a folder that also
 * holds the plain YAML of 30,000 objects take 3.9 s instead of 4.7 s (tmpfs).
 */
function carryOver(from: string, to: string): void {
  const st = fs.lstatSync(from);
  if (st.isDirectory()) {
    fs.mkdirSync(to);
    for (const e of fs.readdirSync(from).sort()) carryOver(path.join(from, e), path.join(to, e));
    return;
  }
  if (linkable(st)) {
    try {
      fs.linkSync(from, to);
      return;
    } catch {
      // No hard links here (another file system, a restricted one): copy it.
    }
  }
  fs.cpSync(from, to);
}

/**
 * Whether a file of the previous output may be hard-linked into the new one: a plain file that
 * no other path links to (so nothing outside the output can change it behind our back).
 */
function linkable(st: { isFile(): boolean; readonly nlink: number }): boolean {
  return st.isFile() && st.nlink === 1;
}

/** What {@link placeFile} keeps between files: folders made, and two buffers it reuses. */
interface PlaceState {
  readonly made: Set<string>;
  old: Buffer;
  fresh: Buffer;
}

function newPlaceState(): PlaceState {
  return { made: new Set(), old: Buffer.alloc(0), fresh: Buffer.alloc(0) };
}

/**
 * Whether `file` is a plain file, linked nowhere else, of mode `fileMode`, holding exactly the
 * UTF-8 bytes of `content`. Reads into the buffers of `state` (no allocation per file); any
 * error reading it means no.
 */
function sameBytes(fsm: typeof import('fs'), file: string, fileMode: number, content: string, state: PlaceState): boolean {
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
function placeFile(
  fsm: typeof import('fs'), pathm: typeof import('path'), root: string, previous: string | undefined,
  fileMode: number, rel: string, content: string, state: PlaceState,
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
class WriterThread {
  private readonly worker: Worker;
  private readonly shared: SharedArrayBuffer;
  private readonly state: Int32Array;
  private batch: string[] = [];

  /** Set once the thread was given up on (no progress): there is nothing left to wait for. */
  private stalled = false;

  public constructor(private readonly staging: string, previous: string | undefined, fileMode: number, private readonly stallMs: number) {
    this.shared = new SharedArrayBuffer(HEADER_BYTES + ERROR_BYTES);
    this.state = new Int32Array(this.shared, 0, 4);
    this.worker = new Worker(`${[linkable, newPlaceState, sameBytes, placeFile].map(String).join('\n')}\n(${writerMain.toString()})();`, {
      eval: true,
      // It only holds one batch at a time: a small young generation keeps its memory small.
      resourceLimits: { maxYoungGenerationSizeMb: 1 },
      workerData: { staging, previous, fileMode, shared: this.shared, errorBytes: ERROR_BYTES, headerBytes: HEADER_BYTES },
    });
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
        throw new Error(`writing the output into ${this.staging} stopped: no file was written for ${this.stallMs / 1000} s. Check the disk that holds it (free space, a hung network mount) and run synth again; the previous output is unchanged.`);
      }
    }
    if (Atomics.load(this.state, 0) !== 1) {
      const length = Atomics.load(this.state, 1);
      const message = Buffer.from(new Uint8Array(this.shared, HEADER_BYTES, length)).toString('utf8');
      throw new Error(message || 'writing the output failed');
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
  /* eslint-disable @typescript-eslint/no-require-imports */
  const wfs = require('fs') as typeof import('fs');
  const wpath = require('path') as typeof import('path');
  const { parentPort, workerData } = require('worker_threads') as typeof import('worker_threads');
  const { staging, previous, fileMode, shared, errorBytes, headerBytes } = workerData as {
    staging: string; previous: string | undefined; fileMode: number; shared: SharedArrayBuffer; errorBytes: number; headerBytes: number;
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
