/** Reads the inputs of `berth import`: files, directories (their *.yaml / *.yml, sorted) and stdin. */
import { statSync } from 'fs';
import { resolve } from 'path';
import { filesInFolder } from '../io/folder-files';
import { formatBytes, InputTooLarge, limitFor, readFileCapped } from '../io/input-bytes';
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
 * The largest input file `berth import` reads unless told otherwise (`--max-input-size`): the
 * largest CRD files in use are about 1 MB (Prometheus's is 0.8 MB) and a bundle of many a few
 * MB, while a 50 MB file took 43 s and 2.1 GB of memory.
 */
export const DEFAULT_IMPORT_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Reads `paths` (`-` is `stdinText`). Symbolic links in a directory that lead out of it are not
 * read (a note names them); a file given is read wherever it is. Each file may hold at most
 * `maxBytes` bytes.
 */
export function readInputs(
  paths: readonly string[],
  stdinText?: string,
  maxBytes = DEFAULT_IMPORT_MAX_BYTES,
): ReadInputsResult {
  const inputs: InputText[] = [];
  const diagnostics: ImportDiagnostic[] = [];
  const seen = new Set<string>();
  const readOne = (file: string): void => {
    const key = resolve(file);
    if (seen.has(key)) return;
    seen.add(key);
    try {
      inputs.push({ name: displayPath(file), text: readFileCapped(file, maxBytes).toString('utf8') });
    } catch (e) {
      diagnostics.push({
        severity: 'error',
        file: displayPath(file),
        message: e instanceof InputTooLarge ? tooLargeMessage(e) : `cannot read the file: ${describeError(e)}`,
      });
    }
  };
  if (paths.length === 0) {
    diagnostics.push({
      severity: 'error',
      file: '<arguments>',
      message: 'no input given: pass CRD files, directories or - for standard input',
    });
  }
  for (const p of paths) {
    if (p === '-') {
      if (seen.has('-')) continue;
      seen.add('-');
      if (stdinText === undefined) {
        diagnostics.push({
          severity: 'error',
          file: '<stdin>',
          message: 'standard input was requested (-) but none was provided',
        });
      } else {
        inputs.push({ name: '<stdin>', text: stdinText });
      }
      continue;
    }
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (e) {
      diagnostics.push({
        severity: 'error',
        file: displayPath(p),
        message: `cannot read the file: ${describeError(e)}`,
      });
      continue;
    }
    if (!isDir) {
      readOne(p);
      continue;
    }
    const found = filesInFolder(p, { recursive: false, wanted: (name) => /\.ya?ml$/i.test(name) });
    for (const s of found.skipped)
      diagnostics.push({ severity: 'note', file: displayPath(s.path), message: `skipped: ${s.why}` });
    if (found.files.length === 0) {
      diagnostics.push({
        severity: 'error',
        file: displayPath(p),
        message: 'the directory holds no *.yaml or *.yml file',
      });
    }
    for (const f of found.files) readOne(f);
  }
  return { inputs, diagnostics };
}

/** The message for an input over the size limit. */
export function tooLargeMessage(e: InputTooLarge): string {
  return `${e.message} for one input file; split it into smaller files, or raise the limit: --max-input-size ${limitFor(e.size ?? 2 * e.limit)} (importing it may take minutes and gigabytes of memory)`;
}

/** `--max-input-size`'s default, as the usage says it. */
export const DEFAULT_IMPORT_MAX_SIZE_TEXT = formatBytes(DEFAULT_IMPORT_MAX_BYTES);

function describeError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return 'no such file or directory';
  if (err.code === 'EACCES') return 'permission denied';
  if (err.code === 'EISDIR') return 'is a directory';
  return err.code ?? String(err.message ?? e);
}
