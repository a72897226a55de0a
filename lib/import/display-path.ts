import { isAbsolute, relative, sep } from 'path';

/** How an input is named in headers and messages: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  if (file === '-') return '<stdin>';
  const rel = relative(process.cwd(), file);
  const shown = rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
  return shown.split(sep).join('/');
}
