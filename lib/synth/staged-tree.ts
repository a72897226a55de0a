import * as fs from 'fs';
import * as path from 'path';
import { resolveOutputFolder } from './output-folder';
import { removeTree } from './remove-tree';
import { linkable, newPlaceState, placeFile, WriterThread } from './tree-writer';

export { removeTree } from './remove-tree';

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

/** Default of {@link StagedTreeOptions.writerStallMs}. */
const WRITER_STALL_MS = 2 * 60 * 1000;

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
