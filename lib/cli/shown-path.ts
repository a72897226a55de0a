import * as path from 'path';

/** `file` as a message names it: relative to `cwd` when it is below it, else absolute. */
export function shownPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}
