import * as fs from 'fs';
import { compareStrings } from '../model/compare-strings';

/** The entries of `dir`, sorted by name (the same order on every machine); none when it is missing. */
export function sortedEntries(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw e;
  }
}
