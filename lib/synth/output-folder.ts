import * as fs from 'fs';
import * as path from 'path';

/** A folder the output must not be or contain, and what it is, for the message. */
export interface ProtectedPath {
  readonly path: string;
  /** e.g. `the current folder`. */
  readonly what: string;
}

/**
 * Why synth must not replace the folder `outdir`, or undefined when it may. Synth replaces the
 * whole output folder (so that files of removed objects go), so the folder must hold nothing
 * else: it must not be, or contain, any of `protectedPaths` (the current folder, the project),
 * and an existing one must hold only folders, as Berth's output does (`<env>/`, `charts/`,
 * `argocd/`): a file or a hidden entry at its top says it is not Berth's.
 */
export function outputFolderRefusal(outdir: string, protectedPaths: readonly ProtectedPath[]): { readonly message: string; readonly hint: string } | undefined {
  const abs = path.resolve(outdir);
  const hint = 'Write the output to a folder of its own (the default is dist/), or move those files out of it.';
  for (const p of protectedPaths) {
    const target = path.resolve(p.path);
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
