import * as fs from 'fs';
import * as path from 'path';
import { fsyncPath } from './durable';
import { processRuns, stagingPrefix } from './output-lock';
import { removeTree } from './remove-tree';

/*
 * Swapping a complete staging folder in for the output folder so that a kill at any moment
 * leaves the old output or the new one, never none or a mix: before the first rename, a
 * journal (`.<name>.staging-journal`, next to the output) records what is being swapped; the
 * next synth or diff that finds it (holding the output's lock, so its writer is gone) completes
 * the swap. The staging folder is complete and on the disk before the journal is written.
 */

/** A point of a swap, for tests that kill the process there (see StagedTreeOptions.onSwapStep). */
export type SwapStep = 'journal' | 'renamed';

/** Called after the journal is written and after each rename. */
export type SwapHook = (step: SwapStep) => void;

/**
 * What a journal records. `folder`: the output folder renamed to `old`, then the staging
 * folder to the output (both next to it). `entries` (an output folder that is a mount point,
 * which cannot be renamed): staging and old folder inside the output folder; each of its
 * `previous` entries moved into `old`, then each of the staging folder's `next` entries up.
 */
type Journal =
  | { readonly mode: 'folder'; readonly staging: string; readonly old: string }
  | {
      readonly mode: 'entries';
      readonly staging: string;
      readonly old: string;
      readonly previous: readonly string[];
      readonly next: readonly string[];
    };

/** The journal file of the output folder `abs`. */
export function journalFile(abs: string): string {
  return path.join(path.dirname(abs), `${stagingPrefix(abs)}journal`);
}

function lexists(p: string): boolean {
  return fs.lstatSync(p, { throwIfNoEntry: false }) !== undefined;
}

function writeJournal(abs: string, journal: Journal): void {
  const file = journalFile(abs);
  fs.writeFileSync(file, `${JSON.stringify(journal)}\n`);
  fsyncPath(file);
  fsyncPath(path.dirname(file));
}

function removeJournal(abs: string): void {
  fs.rmSync(journalFile(abs), { force: true });
}

/**
 * The journal of `abs`: undefined when there is none; null when it is not one this code wrote
 * completely (a kill while writing it, before any rename: there is nothing to complete).
 */
function readJournal(abs: string): Journal | null | undefined {
  let text: string;
  try {
    text = fs.readFileSync(journalFile(abs), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const j = JSON.parse(text) as Journal;
    const prefix = stagingPrefix(abs);
    // Only names of entries, and the staging names this code makes: nothing outside is touched.
    const isName = (n: unknown): boolean =>
      typeof n === 'string' && n !== '' && n !== '.' && n !== '..' && !/[/\\]/.test(n);
    const ok =
      isName(j.staging) &&
      isName(j.old) &&
      j.staging.startsWith(prefix) &&
      j.old === `${j.staging}.old` &&
      (j.mode === 'folder' || (j.mode === 'entries' && [...j.previous, ...j.next].every(isName)));
    return ok ? j : null;
  } catch {
    return null;
  }
}

/**
 * Replaces the output folder `abs` with the folder `staging` (next to it) by two renames,
 * under a journal. Throws the error of the first rename as it is (nothing changed): EBUSY or
 * EXDEV there mean a mount point, which the caller swaps with {@link swapEntries} instead.
 */
export function swapFolder(abs: string, staging: string, step: SwapHook = () => {}): void {
  const parent = path.dirname(abs);
  const old = `${staging}.old`;
  writeJournal(abs, { mode: 'folder', staging: path.basename(staging), old: path.basename(old) });
  step('journal');
  const hadOld = lexists(abs);
  if (hadOld) {
    try {
      fs.renameSync(abs, old);
    } catch (e) {
      removeJournal(abs);
      throw e;
    }
    step('renamed');
  }
  try {
    fs.renameSync(staging, abs);
  } catch (e) {
    if (hadOld) fs.renameSync(old, abs);
    removeJournal(abs);
    throw e;
  }
  step('renamed');
  fsyncPath(parent);
  removeJournal(abs);
  removeTree(old);
}

/**
 * Replaces the entries of the output folder `abs` with those of `staging` (a folder inside
 * it), one rename each, under a journal: for an output folder that is a mount point. Readers
 * may see a mix of old and new top-level entries while it runs; a kill leaves a journal, and
 * the next synth or diff completes the swap. On an error, the entries moved are moved back.
 */
export function swapEntries(abs: string, staging: string, step: SwapHook = () => {}): void {
  const old = `${staging}.old`;
  const prefix = stagingPrefix(abs);
  const journal: Journal = {
    mode: 'entries',
    staging: path.basename(staging),
    old: path.basename(old),
    previous: fs
      .readdirSync(abs)
      .filter((n) => !n.startsWith(prefix))
      .sort(),
    next: fs.readdirSync(staging).sort(),
  };
  fs.mkdirSync(old);
  writeJournal(abs, journal);
  step('journal');
  try {
    moveEntries(abs, journal, step);
  } catch (e) {
    moveEntriesBack(abs, journal);
    removeJournal(abs);
    removeTree(old);
    throw e;
  }
  for (const dir of [old, staging, abs]) fsyncPath(dir);
  removeJournal(abs);
  removeTree(old);
  removeTree(staging);
}

/**
 * Moves what is left to move of an `entries` swap (so it also completes an interrupted one):
 * an old entry goes into `old` unless a new one of its name is already in its place (its
 * staging twin is gone), then every new entry still in staging goes up.
 */
function moveEntries(abs: string, j: Journal & { mode: 'entries' }, step: SwapHook): void {
  const staging = path.join(abs, j.staging);
  const old = path.join(abs, j.old);
  const next = new Set(j.next);
  for (const e of j.previous) {
    if (lexists(path.join(abs, e)) && (!next.has(e) || lexists(path.join(staging, e)))) {
      fs.renameSync(path.join(abs, e), path.join(old, e));
      step('renamed');
    }
  }
  for (const e of j.next) {
    if (lexists(path.join(staging, e))) {
      fs.renameSync(path.join(staging, e), path.join(abs, e));
      step('renamed');
    }
  }
}

/** Undoes {@link moveEntries} so far: new entries back into staging, old ones back up. */
function moveEntriesBack(abs: string, j: Journal & { mode: 'entries' }): void {
  const staging = path.join(abs, j.staging);
  const old = path.join(abs, j.old);
  const previous = new Set(j.previous);
  for (const e of j.next) {
    const isNew = !lexists(path.join(staging, e)) && (!previous.has(e) || lexists(path.join(old, e)));
    if (lexists(path.join(abs, e)) && isNew) fs.renameSync(path.join(abs, e), path.join(staging, e));
  }
  for (const e of j.previous) {
    if (lexists(path.join(old, e)) && !lexists(path.join(abs, e))) fs.renameSync(path.join(old, e), path.join(abs, e));
  }
}

/**
 * Completes the swap a killed synth left in its journal, if any; the caller holds the output's
 * lock (so the journal's writer is gone). The staging folder was complete when the journal was
 * written, so a swap is rolled forward, except one killed before its first rename (the output
 * is then the old one, whole, and stays). Returns whether there was one.
 */
export function recoverSwap(abs: string): boolean {
  const j = readJournal(abs);
  if (j === undefined) return false;
  if (j === null) {
    removeJournal(abs);
    return true;
  }
  if (j.mode === 'folder') {
    const parent = path.dirname(abs);
    const staging = path.join(parent, j.staging);
    const old = path.join(parent, j.old);
    if (lexists(abs)) {
      removeTree(staging);
    } else if (lexists(staging)) {
      fs.renameSync(staging, abs);
    } else if (lexists(old)) {
      fs.renameSync(old, abs);
    }
    fsyncPath(parent);
    removeJournal(abs);
    removeTree(old);
    return true;
  }
  const old = path.join(abs, j.old);
  fs.mkdirSync(old, { recursive: true });
  moveEntries(abs, j, () => {});
  fsyncPath(abs);
  removeJournal(abs);
  removeTree(old);
  removeTree(path.join(abs, j.staging));
  return true;
}

/** Whether a swap journal exists for the output folder `abs` (cheap: one lstat). */
export function hasJournal(abs: string): boolean {
  return lexists(journalFile(abs));
}

/**
 * Whether `abs` is a mount point (a tmpfs, a bind mount), which cannot be renamed: its device
 * differs from its parent's, or (a bind mount of the same file system) Linux lists it in
 * /proc/self/mountinfo.
 */
export function isMountPoint(abs: string): boolean {
  let st: fs.Stats;
  let parent: fs.Stats;
  try {
    st = fs.statSync(abs);
    parent = fs.statSync(path.dirname(abs));
  } catch {
    return false;
  }
  if (st.dev !== parent.dev) return true;
  if (process.platform !== 'linux') return false;
  let info: string;
  try {
    info = fs.readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return false;
  }
  // The fifth field is the mount point, with space, tab, newline and backslash as octal escapes.
  const unescape = (s: string): string =>
    s.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
  return info.split('\n').some((line) => unescape(line.split(' ')[4] ?? '') === abs);
}

/**
 * Removes the staging folders (`<prefix><pid>-*`, their `.old` twins, a set-aside lock) in
 * `dir` that a synth left behind when it was killed before it could clean up: those whose
 * process is gone. A running synth's stay.
 */
export function removeAbandonedStaging(dir: string, prefix: string): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(entry.slice(prefix.length))?.[1]);
    if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && !processRuns(pid))
      removeTree(path.join(dir, entry));
  }
}
