import * as fs from 'fs';
import * as path from 'path';

/** A set of files to write, relative path → content. */
export type FileTree = ReadonlyMap<string, string>;

/** Options of {@link writeTreeAtomically}. */
export interface WriteTreeOptions {
  /**
   * Top-level entries of the existing folder to carry over unchanged (for example `charts`
   * when only plain YAML is synthesized). Everything else is replaced, so stale files go.
   */
  readonly keep?: (topLevelEntry: string) => boolean;
}

/**
 * Replaces the folder `dir` with exactly `files` (plus kept entries), so that a reader sees
 * either the old folder or the new one, never a mix: the new tree is written to a sibling
 * staging folder first, then swapped in by two renames. If anything fails before the swap,
 * `dir` is untouched and the staging folder removed.
 */
export function writeTreeAtomically(dir: string, files: FileTree, options: WriteTreeOptions = {}): void {
  const abs = path.resolve(dir);
  const parent = path.dirname(abs);
  const base = path.basename(abs);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${base}.staging-`));
  try {
    if (options.keep && fs.existsSync(abs)) {
      for (const entry of fs.readdirSync(abs).sort()) {
        if (options.keep(entry)) {
          fs.cpSync(path.join(abs, entry), path.join(staging, entry), { recursive: true });
        }
      }
    }
    const made = new Set<string>();
    for (const rel of [...files.keys()].sort()) {
      const target = path.join(staging, rel);
      const d = path.dirname(target);
      if (!made.has(d)) {
        fs.mkdirSync(d, { recursive: true });
        made.add(d);
      }
      fs.writeFileSync(target, files.get(rel)!);
    }
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  const old = `${staging}.old`;
  const hadOld = fs.existsSync(abs);
  if (hadOld) fs.renameSync(abs, old);
  try {
    fs.renameSync(staging, abs);
  } catch (e) {
    if (hadOld) fs.renameSync(old, abs);
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  if (hadOld) fs.rmSync(old, { recursive: true, force: true });
}
