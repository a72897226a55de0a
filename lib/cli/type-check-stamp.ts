import * as fs from 'fs';
import * as path from 'path';
import { createHash } from 'crypto';
import { cacheDir, readCacheFile, writeCacheFile } from '../perf/cache-dir';

/**
 * What makes a repeated type check of an unchanged program cost almost nothing: after a check
 * that passed, a stamp lists every file the compiler read (the program's sources, the
 * declarations it imports, the tsconfig.json chain) with its size and modification time. When
 * all of them are as the stamp says, the program type-checks as it did: synth then neither
 * loads the compiler nor starts a thread. When one differs, the incremental check (its
 * `.tsbuildinfo` next to the stamp) re-checks only the files the change affects.
 *
 * Not seen: a file the compiler did not read that would change how an import resolves (a new
 * `foo.ts` next to an imported `foo.d.ts`). Adding it changes no listed file, so the stamp
 * holds until a listed file changes; deleting node_modules/.cache/berth/ clears it.
 */

/** Bump when what a check reports or how it is configured changes: old stamps then miss. */
const CHECKER_VERSION = '1';

/** The program to check and where its cache entries are. */
export interface TypeCheckTarget {
  /** The project folder (where cdk8s.yaml is). */
  readonly root: string;
  /** The program's entry module, absolute. */
  readonly entry: string;
  /** The tsconfig.json whose compiler options apply; undefined: Berth's defaults. */
  readonly tsconfig: string | undefined;
  /** The stamp file (JSON). */
  readonly stampFile: string;
  /** The compiler's incremental state (`.tsbuildinfo`). */
  readonly buildInfoFile: string;
}

/** The stamp of a check that passed. */
export interface TypeCheckStamp {
  readonly version: string;
  readonly entry: string;
  readonly tsconfig: string | null;
  /** Every file the compiler read: path, size in bytes, modification time in ms. */
  readonly files: ReadonlyArray<readonly [string, number, number]>;
  /** The files this check type-checked (relative to the project), for the curious and the tests. */
  readonly checked: readonly string[];
}

/**
 * The tsconfig.json that applies to `entry`, as editors find it: the nearest one from the
 * entry's folder up; up to the project folder when the entry is below it (a tsconfig.json above
 * the project is not its own), else as far up as there is one.
 */
export function findTsconfig(root: string, entry: string): string | undefined {
  const top = path.resolve(root);
  const rel = path.relative(top, path.dirname(entry));
  const below = !rel.startsWith('..') && !path.isAbsolute(rel);
  for (let dir = path.dirname(entry); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'tsconfig.json');
    if (fs.existsSync(file)) return file;
    if ((below && dir === top) || path.dirname(dir) === dir) return undefined;
  }
}

/** The check of `entry` in the project `root`: its config file and cache entries. */
export function typeCheckTarget(root: string, entry: string): TypeCheckTarget {
  const key = createHash('sha256')
    .update(CHECKER_VERSION)
    .update('\0')
    .update(path.resolve(root))
    .update('\0')
    .update(entry)
    .digest('hex')
    .slice(0, 32);
  const dir = cacheDir('typecheck', root);
  return {
    root: path.resolve(root),
    entry,
    tsconfig: findTsconfig(root, entry),
    stampFile: path.join(dir, `${key}.json`),
    buildInfoFile: path.join(dir, `${key}.tsbuildinfo`),
  };
}

/** `[size, mtimeMs]` of `file`, or undefined when it cannot be read. */
export function fileStat(file: string): readonly [number, number] | undefined {
  try {
    const s = fs.statSync(file);
    return [s.size, s.mtimeMs];
  } catch {
    return undefined;
  }
}

/** The stamp of the last check that passed, when every file it lists is unchanged. */
export function currentStamp(target: TypeCheckTarget): TypeCheckStamp | undefined {
  const text = readCacheFile(target.stampFile);
  if (text === undefined) return undefined;
  let stamp: TypeCheckStamp;
  try {
    stamp = JSON.parse(text) as TypeCheckStamp;
  } catch {
    return undefined;
  }
  if (
    stamp?.version !== CHECKER_VERSION ||
    stamp.entry !== target.entry ||
    stamp.tsconfig !== (target.tsconfig ?? null) ||
    !Array.isArray(stamp.files)
  ) {
    return undefined;
  }
  for (const [file, size, mtime] of stamp.files) {
    const now = fileStat(file);
    if (!now || now[0] !== size || now[1] !== mtime) return undefined;
  }
  return stamp;
}

/** Records a check that passed (`files`: as they were before the compiler read them). */
export function writeStamp(
  target: TypeCheckTarget,
  files: ReadonlyMap<string, readonly [number, number]>,
  checked: readonly string[],
): void {
  const stamp: TypeCheckStamp = {
    version: CHECKER_VERSION,
    entry: target.entry,
    tsconfig: target.tsconfig ?? null,
    files: [...files].map(([file, [size, mtime]]) => [file, size, mtime] as const),
    checked,
  };
  writeCacheFile(target.stampFile, JSON.stringify(stamp));
}
