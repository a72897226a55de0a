import * as fs from 'fs';
import * as path from 'path';
import { foreignEntryRefusal, resolveOutputFolder } from './output-folder';
import { ForeignEntryError, OutputFolderError } from './output-folder-error';
import { MANIFEST, manifestText } from './output-manifest';
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
 *
 * The folder must hold only what the last commit wrote, as listed in its manifest
 * (`.berth-output`, which every commit writes), or else the constructor refuses it with a
 * {@link ForeignEntryError}; see output-manifest. Until the commit `dir` is untouched;
 * {@link abort} (or a failed commit) removes the staging folder. Files are added one by one
 * as they are produced.
 */
export class StagedTree {
  private readonly abs: string;
  private readonly staging: string;
  private readonly place = newPlaceState();
  private readonly previous?: string;
  private readonly fileMode: number;
  private writer?: WriterThread;
  /** Every file of the new folder (added or kept), for the manifest. */
  private readonly files = new Set<string>();
  /** The first of the folders above the output folder that this tree created, if it did. */
  private readonly madeFrom?: string;
  private finished = false;

  public constructor(dir: string, private readonly options: StagedTreeOptions = {}) {
    // A link to a folder is followed: the folder it points to is replaced, the link stays.
    this.abs = resolveOutputFolder(dir);
    const parent = path.dirname(this.abs);
    this.madeFrom = fs.mkdirSync(parent, { recursive: true });
    const prefix = `.${path.basename(this.abs)}.staging-`;
    let staging: string | undefined;
    try {
      removeAbandonedStaging(parent, prefix, this.abs);
      const existing = this.refuseForeign();
      // The process id in the name tells a later synth whether this one still runs.
      staging = fs.mkdtempSync(path.join(parent, `${prefix}${process.pid}-`));
      this.staging = staging;
      // The mode `writeFileSync` gives a new file (read here, on the main thread, once).
      this.fileMode = 0o666 & ~process.umask();
      if (options.reuseUnchanged !== false && existing) this.previous = this.abs;
      if (options.keep && existing) this.keepEntries(options.keep, this.abs, staging, '');
      if (options.threaded) this.startWriterThread();
    } catch (e) {
      if (staging !== undefined) removeTree(staging);
      this.removeMadeFolders();
      throw e;
    }
  }

  /**
   * Writes the files added from now on on a separate thread, as the option `threaded` does
   * from the start (for a caller that learns only later how many files there will be).
   */
  public startWriterThread(): void {
    if (this.finished) throw new Error('the staged tree was already committed or aborted');
    this.writer ??= new WriterThread(this.staging, this.previous, this.fileMode, this.options.writerStallMs ?? WRITER_STALL_MS);
  }

  /** Adds the file `rel` (a relative path with `/` separators). */
  public add(rel: string, content: string): void {
    if (this.finished) throw new Error('the staged tree was already committed or aborted');
    if (rel === MANIFEST) throw new Error(`${MANIFEST} is the staged tree's own list of its files`);
    this.files.add(rel);
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

  /** Replaces `dir` with the staged files and their manifest; on failure `dir` is left as it was. */
  public commit(): void {
    if (this.finished) throw new Error('the staged tree was already committed or aborted');
    try {
      this.writer?.finish();
      placeFile(fs, path, this.staging, this.previous, this.fileMode, MANIFEST, manifestText(this.files), this.place);
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
    this.removeMadeFolders();
  }

  /**
   * Refuses an output folder holding anything the last synth did not write, or a file in its
   * place. Returns whether it exists.
   */
  private refuseForeign(): boolean {
    const existing = fs.statSync(this.abs, { throwIfNoEntry: false });
    if (existing === undefined) return false;
    if (!existing.isDirectory()) {
      throw new OutputFolderError(`the output ${this.abs} is a file, not a folder`, 'Pass a folder (it is created when missing).');
    }
    const refusal = foreignEntryRefusal(this.abs);
    if (refusal) throw new ForeignEntryError(refusal.message, refusal.hint);
    return true;
  }

  /** Removes the folders above the output folder that this tree created (nothing was written). */
  private removeMadeFolders(): void {
    if (this.madeFrom === undefined) return;
    for (let dir = path.dirname(this.abs); ; dir = path.dirname(dir)) {
      try {
        fs.rmdirSync(dir);
      } catch {
        return; // not empty (another process wrote there meanwhile): it stays
      }
      if (dir === this.madeFrom) return;
    }
  }

  /**
   * Carries over the entries of the folder `from` (at `rel` in the output) that `keep` names.
   * The manifest is the tree's own, never carried over.
   */
  private keepEntries(keep: (relativePath: string) => boolean | 'partly', from: string, to: string, rel: string): void {
    for (const entry of fs.readdirSync(from).sort()) {
      if (!rel && entry === MANIFEST) continue;
      const entryRel = rel ? `${rel}/${entry}` : entry;
      const answer = keep(entryRel);
      const source = path.join(from, entry);
      if (answer === true) {
        this.carryOver(source, path.join(to, entry), entryRel);
      } else if (answer === 'partly' && fs.lstatSync(source).isDirectory()) {
        fs.mkdirSync(path.join(to, entry), { recursive: true });
        this.keepEntries(keep, source, path.join(to, entry), entryRel);
      }
    }
  }

  /**
   * Puts the kept tree `from` at `to`: folders made again, plain files linked nowhere else
   * hard-linked (their bytes do not change; the old folder goes at commit), anything else
   * copied. Linking instead of copying made `synth --format helm` over a folder that also
   * holds the plain YAML of 30,000 objects take 3.9 s instead of 4.7 s (tmpfs).
   */
  private carryOver(from: string, to: string, rel: string): void {
    const st = fs.lstatSync(from);
    if (st.isDirectory()) {
      fs.mkdirSync(to);
      for (const e of fs.readdirSync(from).sort()) this.carryOver(path.join(from, e), path.join(to, e), `${rel}/${e}`);
      return;
    }
    this.files.add(rel);
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
