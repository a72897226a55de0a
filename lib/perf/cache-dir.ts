import * as fs from 'fs';
import * as path from 'path';

/**
 * The folder for Berth's caches (`node_modules/.cache/berth/<name>` of the nearest folder with
 * a `node_modules`, the convention of babel, eslint and others). Caches only ever save time:
 * deleting them changes no output.
 */
export function cacheDir(name: string, start: string = process.cwd()): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'node_modules'))) {
      return path.join(dir, 'node_modules', '.cache', 'berth', name);
    }
    if (path.dirname(dir) === dir) {
      return path.join(path.resolve(start), '.berth-cache', name);
    }
  }
}

/** A cache entry not used for this long is removed (when a new entry is written next to it). */
export const CACHE_ENTRY_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
/** A temporary file this old is left over from a writer that died. */
const TEMP_FILE_MAX_AGE_MS = 60 * 60 * 1000;

/** Folders already pruned by this process. */
const pruned = new Set<string>();

/**
 * Writes `file` atomically (temp file + rename); a cache that cannot be written is skipped.
 * The first write into a folder in a process also removes that folder's entries unused for
 * {@link CACHE_ENTRY_MAX_AGE_MS} (entries are keyed by content hashes, so entries of old
 * schemas, programs or Berth versions would otherwise pile up).
 */
export function writeCacheFile(file: string, content: string | Uint8Array): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, file);
  } catch {
    // A read-only or full disk only costs speed.
    return;
  }
  pruneCacheDir(path.dirname(file));
}

/** Reads a cache entry as text, or `undefined` when there is none; marks it used. */
export function readCacheFile(file: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  markCacheUsed(file);
  return text;
}

/** Reads a cache entry as bytes, or `undefined` when there is none; marks it used. */
export function readCacheBytes(file: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  markCacheUsed(file);
  return bytes;
}

/** Sets the entry's modification time to now: the age pruning goes by is the time since last use. */
export function markCacheUsed(file: string): void {
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    // Read-only caches are still used; they are just not pruned by use.
  }
}

/**
 * Removes the entries of `dir` last used more than {@link CACHE_ENTRY_MAX_AGE_MS} ago, and
 * temporary files of writers that died; once per folder and process. Anything unexpected is
 * left alone: pruning only saves space.
 */
export function pruneCacheDir(dir: string, now: number = Date.now()): void {
  if (pruned.has(dir)) return;
  pruned.add(dir);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (!e.isFile()) continue;
    const file = path.join(dir, e.name);
    try {
      const age = now - fs.statSync(file).mtimeMs;
      if (age > CACHE_ENTRY_MAX_AGE_MS || (e.name.endsWith('.tmp') && age > TEMP_FILE_MAX_AGE_MS)) fs.unlinkSync(file);
    } catch {
      // Removed meanwhile by another process, or not ours to remove.
    }
  }
}
