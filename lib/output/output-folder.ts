import * as fs from 'fs';
import * as path from 'path';

/** A folder the output must not be or contain, and what it is, for the message. */
export interface ProtectedPath {
  readonly path: string;
  /** e.g. `the current folder`. */
  readonly what: string;
}

/** How many symbolic links in a row are followed (as Linux's ELOOP limit). */
const MAX_LINKS = 40;

/**
 * The folder synth writes for `outdir`: its absolute path with symbolic links resolved, the
 * last one too, even when what it points to does not exist yet. A `dist` that links into a
 * GitOps checkout is written there, and the link stays; replacing the link with a folder
 * would leave the checkout stale. Throws when the links form a loop.
 */
export function resolveOutputFolder(outdir: string): string {
  let abs = path.resolve(outdir);
  for (let i = 0; ; i++) {
    let link: string;
    try {
      if (!fs.lstatSync(abs).isSymbolicLink()) break;
      link = fs.readlinkSync(abs);
    } catch {
      break; // missing: it is created
    }
    if (i === MAX_LINKS) throw new Error(`the output folder ${path.resolve(outdir)} is a loop of symbolic links`);
    abs = path.resolve(path.dirname(abs), link);
  }
  // The folders above it may be links too: the real path of the nearest one that exists.
  const rest: string[] = [];
  for (let dir = abs; ; dir = path.dirname(dir)) {
    try {
      return path.join(fs.realpathSync(dir), ...[...rest].reverse());
    } catch {
      if (path.dirname(dir) === dir) return abs;
      rest.push(path.basename(dir));
    }
  }
}

/**
 * Why synth must not replace the folder `outdir`, or undefined when it may. Synth replaces the
 * whole output folder (so that files of removed objects go), so the folder must hold nothing
 * else: it must not be, or contain, any of `protectedPaths` (the current folder, the project),
 * and an existing one must hold only folders, as Berth's output does (`<env>/`, `charts/`,
 * `argocd/`): a file or a hidden entry at its top says it is not Berth's. Symbolic links are
 * followed (see {@link resolveOutputFolder}).
 */
export function outputFolderRefusal(outdir: string, protectedPaths: readonly ProtectedPath[]): { readonly message: string; readonly hint: string } | undefined {
  const hint = 'Write the output to a folder of its own (the default is dist/), or move those files out of it.';
  let abs: string;
  try {
    abs = resolveOutputFolder(outdir);
  } catch (e) {
    return { message: (e as Error).message, hint: 'Point the output at a real folder.' };
  }
  // Compared as real paths: a link to the project (or above it) is the project.
  for (const p of protectedPaths) {
    const target = resolveOutputFolder(p.path);
    const rel = path.relative(abs, target);
    if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) {
      const relation = rel === '' ? `is ${p.what}` : `contains ${p.what} (${target})`;
      return { message: `the output folder ${abs} ${relation}; synth replaces the whole output folder, so it would delete it`, hint };
    }
  }
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(abs, { withFileTypes: true });
  } catch {
    // Missing (it is created) or not readable (writing reports it).
    return undefined;
  }
  const foreign = entries.filter((e) => e.name.startsWith('.') || !e.isDirectory()).map((e) => e.name).sort();
  if (foreign.length === 0) return undefined;
  const shown = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? `, and ${foreign.length - 5} more` : '');
  return { message: `the output folder ${abs} holds entries Berth does not write (${shown}); synth replaces the whole output folder, so it would delete them`, hint };
}
