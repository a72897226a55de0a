import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MANIFEST, manifestText } from '../../lib/output/output-manifest';

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

/**
 * The files of a synth's output folder, as {@link readTree}, without its manifest
 * (`.berth-output`), which must list exactly those files.
 */
export function readOutputTree(dir: string): Record<string, string> {
  const tree = readTree(dir);
  const manifest = tree[MANIFEST];
  delete tree[MANIFEST];
  expect(manifest).toBe(manifestText(Object.keys(tree).map((f) => f.split(path.sep).join('/'))));
  return tree;
}

/** Writes `files` (relative path with `/` → content) into `dir` with a manifest listing them, as a synth would. */
export function writeOwnedTree(dir: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, MANIFEST), manifestText(Object.keys(files)));
}
