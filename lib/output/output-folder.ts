import * as fs from 'fs';
import * as path from 'path';
import { isStagingName } from './output-lock';
import { firstForeignEntry, MANIFEST } from './output-manifest';

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

/** Why synth must not replace the folder `outdir`: a message and a fix. */
export interface OutputFolderRefusal {
  readonly message: string;
  readonly hint: string;
}

/**
 * Why synth must not replace the folder `outdir`, or undefined when it may. Synth replaces the
 * whole output folder (so that files of removed objects go), so the folder must hold nothing
 * else: it must not be, or contain, any of `protectedPaths` (the current folder, the project;
 * see {@link protectedPathRefusal}), and an existing one must hold only what the last synth
 * wrote, at any depth (see {@link foreignEntryRefusal}).
 */
export function outputFolderRefusal(
  outdir: string,
  protectedPaths: readonly ProtectedPath[],
): OutputFolderRefusal | undefined {
  const refusal = protectedPathRefusal(outdir, protectedPaths);
  if (refusal) return refusal;
  try {
    return foreignEntryRefusal(resolveOutputFolder(outdir));
  } catch {
    // Not readable: writing reports it.
    return undefined;
  }
}

/**
 * Why synth must not replace the folder `outdir` because of where it is: it is, or contains,
 * one of `protectedPaths`, or a loop of links. Symbolic links are followed (see
 * {@link resolveOutputFolder}): a link to the project (or above it) is the project.
 */
export function protectedPathRefusal(
  outdir: string,
  protectedPaths: readonly ProtectedPath[],
): OutputFolderRefusal | undefined {
  const hint = 'Write the output to a folder of its own (the default is dist/), or move those files out of it.';
  let abs: string;
  try {
    abs = resolveOutputFolder(outdir);
  } catch (e) {
    return { message: (e as Error).message, hint: 'Point the output at a real folder.' };
  }
  for (const p of protectedPaths) {
    const target = resolveOutputFolder(p.path);
    const rel = path.relative(abs, target);
    if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) {
      const relation = rel === '' ? `is ${p.what}` : `contains ${p.what} (${target})`;
      return {
        message: `the output folder ${abs} ${relation}; synth replaces the whole output folder, so it would delete it`,
        hint,
      };
    }
  }
  return undefined;
}

/**
 * Why synth must not replace the existing output folder `abs` (a real path): the first entry
 * in it, at any depth, that synth cannot prove it wrote (see {@link firstForeignEntry}). Synth
 * deletes only what it wrote: anything else there would be lost with the old folder.
 */
export function foreignEntryRefusal(abs: string): OutputFolderRefusal | undefined {
  const foreign = firstForeignEntry(abs, (name) => isStagingName(abs, name));
  if (foreign === undefined) return undefined;
  const why = foreign.manifest
    ? `which the last synth did not write (its list of what it wrote, ${MANIFEST}, does not name it)`
    : `which is not a file Berth writes (the folder has no ${MANIFEST}, the list of what a synth wrote, so only Berth's own YAML and charts may be in it)`;
  return {
    message: `the output folder ${abs} holds ${foreign.path}, ${why}; synth replaces the whole output folder, so it would delete it`,
    hint: `Move ${foreign.path} out of the output folder, or write the output to a folder of its own (the default is dist/).`,
  };
}
