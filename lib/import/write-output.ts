/** Writes generated files: atomically, and only when the bytes differ. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { dirname } from 'path';

export function writeIfChanged(file: string, text: string): 'written' | 'unchanged' {
  try {
    if (readFileSync(file, 'utf8') === text) {
      return 'unchanged';
    }
  } catch {
    // missing: write it
  }
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
  return 'written';
}
