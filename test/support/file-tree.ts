import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A new empty folder under the system's temporary folder. */
export function tmpDir(prefix = 'berth-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Every file under `dir`: path relative to `dir` (platform separators) → content. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}
