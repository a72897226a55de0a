import { StagedTree, StagedTreeOptions } from './staged-tree';

/** A set of files to write, relative path → content. */
export type FileTree = ReadonlyMap<string, string>;

/** Options of {@link writeTreeAtomically}. */
export type WriteTreeOptions = StagedTreeOptions;

/**
 * Replaces the folder `dir` with exactly `files` (plus kept entries), so that a reader sees
 * either the old folder or the new one, never a mix: the new tree is written to a staging
 * folder first, then swapped in (see {@link StagedTree}). If anything fails before the swap,
 * `dir` is untouched and the staging folder removed.
 */
export function writeTreeAtomically(dir: string, files: FileTree, options: WriteTreeOptions = {}): void {
  const tree = new StagedTree(dir, options);
  for (const rel of [...files.keys()].sort()) tree.add(rel, files.get(rel)!);
  tree.commit();
}
