import * as fs from 'fs';
import * as path from 'path';
import { compareStrings } from '../model/compare-strings';
import { firstUnprovenEntry } from './legacy-output';
import { sortedEntries } from './sorted-entries';

/**
 * The list of the files synth wrote, at the top of the output folder. It is what lets the next
 * synth replace the folder: it deletes only what this list names (and the folders holding it),
 * and refuses a folder holding anything else. Committed with the output, like the rest of it;
 * the same output gives the same bytes.
 */
export const MANIFEST = '.berth-output';

const HEADER =
  [
    '# The files berth synth wrote in this folder, one per line. The next synth replaces only',
    '# these (and the folders holding them); it refuses to delete anything else. Do not edit.',
  ].join('\n') + '\n';

/** The text of the manifest listing `files` (relative paths with `/`), sorted. */
export function manifestText(files: Iterable<string>): string {
  const sorted = [...new Set(files)].sort(compareStrings);
  for (const f of sorted) {
    // One path a line: a file name with a line break cannot be listed (Berth writes none).
    if (/[\n\r]/.test(f) || f === MANIFEST)
      throw new Error(`the output file name ${JSON.stringify(f)} cannot be listed in ${MANIFEST}`);
  }
  return HEADER + sorted.map((f) => `${f}\n`).join('');
}

/** The files the manifest in `dir` lists; undefined when there is none, or not one Berth wrote. */
export function readManifest(dir: string): Set<string> | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, MANIFEST), 'utf8');
  } catch {
    return undefined;
  }
  if (!text.startsWith(HEADER) || !text.endsWith('\n')) return undefined;
  const body = text.slice(HEADER.length, -1);
  return new Set(body === '' ? [] : body.split('\n'));
}

/** An entry of an output folder that synth cannot prove it wrote, and why, for the message. */
export interface ForeignEntry {
  /** Relative to the output folder, with `/`; a folder ends with `/`. */
  readonly path: string;
  /** Whether the folder had a manifest (else only Berth's own layout and content are accepted). */
  readonly manifest: boolean;
}

/**
 * The first entry (in sorted order, depth first) of the output folder `abs` that synth did not
 * write, at any depth: with a manifest, anything it does not list (a folder, unless it holds
 * listed files; a listed path that is now a folder); without one (an output of a
 * Berth that wrote none), anything that is not, by its place and content, a file Berth writes
 * (see {@link firstUnprovenEntry}). `ignore` names entries at the top that are synth's own
 * (its staging folders inside a mount point). Undefined when every entry is synth's, or the
 * folder is missing or empty.
 */
export function firstForeignEntry(
  abs: string,
  ignore: (name: string) => boolean = () => false,
): ForeignEntry | undefined {
  const listed = readManifest(abs);
  if (listed === undefined) {
    const unproven = firstUnprovenEntry(abs, (name) => ignore(name));
    return unproven === undefined ? undefined : { path: unproven, manifest: false };
  }
  // The folders holding listed files (and those above them); files of one folder come in a row.
  const folders = new Set<string>();
  let last = '';
  for (const f of listed) {
    const dir = f.slice(0, Math.max(0, f.lastIndexOf('/')));
    if (dir === last) continue;
    last = dir;
    for (let d = dir; d !== '' && !folders.has(d); d = d.slice(0, Math.max(0, d.lastIndexOf('/')))) folders.add(d);
  }
  const walk = (dir: string, rel: string, entries: (dir: string) => fs.Dirent[]): string | undefined => {
    for (const e of entries(dir)) {
      const entryRel = rel ? `${rel}/${e.name}` : e.name;
      if (!rel && (e.name === MANIFEST || ignore(e.name))) continue;
      if (e.isDirectory()) {
        if (!folders.has(entryRel)) return `${entryRel}/`;
        const inner = walk(path.join(dir, e.name), entryRel, entries);
        if (inner !== undefined) return inner;
      } else if (!listed.has(entryRel)) {
        return entryRel;
      }
    }
    return undefined;
  };
  // Unsorted first (every synth runs this over thousands of files); sorted to name the first.
  if (walk(abs, '', unsortedEntries) === undefined) return undefined;
  const found = walk(abs, '', sortedEntries);
  return found === undefined ? undefined : { path: found, manifest: true };
}

function unsortedEntries(dir: string): fs.Dirent[] {
  return fs.readdirSync(dir, { withFileTypes: true });
}
