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

/** Writes `file` atomically (temp file + rename); a cache that cannot be written is skipped. */
export function writeCacheFile(file: string, content: string | Uint8Array): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, file);
  } catch {
    // A read-only or full disk only costs speed.
  }
}
