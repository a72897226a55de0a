/**
 * The files of an output compared as files: which of them a synth replaces (the part of the
 * output `berth diff` compares), and which are missing, extra or changed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compareStrings } from '../model/compare-strings';
import { replacedBySynth } from '../output/kept-output';

/** A file that differs: `added` is written by synth and missing from the output, `removed` is in the output and not written by synth. */
export interface FileDiff {
  readonly file: string;
  readonly type: 'added' | 'removed' | 'changed';
  /** Why, when the type does not say it all (e.g. `not a regular file`). */
  readonly note?: string;
}

/**
 * Entries at the top of the output folder that are not synth's files and never compared, by
 * name: those starting with `.` (Berth's own records kept there, such as a list of the files
 * it wrote; a `.git` where the output folder is a checkout). Change this test to compare them.
 */
export function ignoredAtTop(name: string): boolean {
  return name.startsWith('.');
}

/** Which part of an output is compared: what a synth of these settings replaces. */
export interface ComparedPart {
  /** Only these environments (and their Argo CD Applications). @default - all */
  readonly environments?: readonly string[];
  /** Also the Helm charts. @default false */
  readonly charts?: boolean;
}

/** Whether `file` (relative to the output, `/`-separated) is in the compared part. */
export function isCompared(file: string, part: ComparedPart): boolean {
  const top = file.split('/')[0];
  return !ignoredAtTop(top) && replacedBySynth(file, part.charts ? 'all' : 'plain', part.environments);
}

/** An output folder as read: regular files by path, and the paths of entries that are not (links, ...). */
export interface OutputEntries {
  /** Relative path (`/`-separated) → text. */
  readonly files: Map<string, string>;
  /** Entries that are neither regular files nor folders, e.g. symbolic links: not followed, not read. */
  readonly others: string[];
}

/**
 * The compared part of the folder `dir` (see {@link isCompared}); empty when `dir` does not
 * exist. A symbolic link inside is listed, not followed; `dir` itself may be one.
 */
export function readComparedOutput(dir: string, part: ComparedPart): OutputEntries {
  const out: OutputEntries = { files: new Map(), others: [] };
  if (!fs.existsSync(dir)) return out;
  const walk = (d: string, rel: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      // A folder that is not compared (another environment, .git) is not read.
      if (!isCompared(r, part)) continue;
      if (e.isDirectory()) walk(path.join(d, e.name), r);
      else if (e.isFile()) out.files.set(r, fs.readFileSync(path.join(d, e.name), 'utf8'));
      else out.others.push(r);
    }
  };
  walk(dir, '');
  return out;
}

/**
 * The files of the compared part that differ between `before` (the output) and `after` (what
 * synth writes), as text, sorted by path. `others` are entries of the output that are not
 * regular files: each differs (synth writes regular files only).
 */
export function diffFiles(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
  part: ComparedPart,
  others: readonly string[] = [],
): FileDiff[] {
  const notFiles = new Set(others);
  const paths = new Set([...before.keys(), ...after.keys(), ...others]);
  const out: FileDiff[] = [];
  for (const file of [...paths].sort(compareStrings)) {
    if (!isCompared(file, part)) continue;
    if (notFiles.has(file))
      out.push({ file, type: after.has(file) ? 'changed' : 'removed', note: 'not a regular file' });
    else if (!after.has(file)) out.push({ file, type: 'removed' });
    else if (!before.has(file)) out.push({ file, type: 'added' });
    else if (before.get(file) !== after.get(file)) out.push({ file, type: 'changed' });
  }
  return out;
}
