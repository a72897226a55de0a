/** Reads the inputs of `berth import`: files, directories (their *.yaml / *.yml, sorted) and stdin. */
import { readFileSync, statSync } from 'fs';
import { resolve } from 'path';
import { filesInFolder } from '../core/folder-files';
import { ImportDiagnostic } from './diagnostics';
import { displayPath } from './display-path';

export interface InputText {
  /** The input as shown in headers and messages. */
  readonly name: string;
  readonly text: string;
}

export interface ReadInputsResult {
  readonly inputs: InputText[];
  readonly diagnostics: ImportDiagnostic[];
}

/**
 * Reads `paths` (`-` is `stdinText`). Symbolic links in a directory that lead out of it are not
 * read (a note names them); a file given is read wherever it is.
 */
export function readInputs(paths: readonly string[], stdinText?: string): ReadInputsResult {
  const inputs: InputText[] = [];
  const diagnostics: ImportDiagnostic[] = [];
  const seen = new Set<string>();
  const readOne = (file: string): void => {
    const key = resolve(file);
    if (seen.has(key)) return;
    seen.add(key);
    try {
      inputs.push({ name: displayPath(file), text: readFileSync(file, 'utf8') });
    } catch (e) {
      diagnostics.push({ severity: 'error', file: displayPath(file), message: `cannot read the file: ${describeError(e)}` });
    }
  };
  if (paths.length === 0) {
    diagnostics.push({ severity: 'error', file: '<arguments>', message: 'no input given: pass CRD files, directories or - for standard input' });
  }
  for (const p of paths) {
    if (p === '-') {
      if (seen.has('-')) continue;
      seen.add('-');
      if (stdinText === undefined) {
        diagnostics.push({ severity: 'error', file: '<stdin>', message: 'standard input was requested (-) but none was provided' });
      } else {
        inputs.push({ name: '<stdin>', text: stdinText });
      }
      continue;
    }
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (e) {
      diagnostics.push({ severity: 'error', file: displayPath(p), message: `cannot read the file: ${describeError(e)}` });
      continue;
    }
    if (!isDir) {
      readOne(p);
      continue;
    }
    const found = filesInFolder(p, { recursive: false, wanted: (name) => /\.ya?ml$/i.test(name) });
    for (const s of found.skipped) diagnostics.push({ severity: 'note', file: displayPath(s.path), message: `skipped: ${s.why}` });
    if (found.files.length === 0) {
      diagnostics.push({ severity: 'error', file: displayPath(p), message: 'the directory holds no *.yaml or *.yml file' });
    }
    for (const f of found.files) readOne(f);
  }
  return { inputs, diagnostics };
}

function describeError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return 'no such file or directory';
  if (err.code === 'EACCES') return 'permission denied';
  if (err.code === 'EISDIR') return 'is a directory';
  return err.code ?? String(err.message ?? e);
}
