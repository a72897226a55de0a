import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { berthPackageDir } from '../core/berth-package';
import { writeCacheFile } from '../perf/cache-dir';
import { shownPath } from './shown-path';
import { fileStat, TypeCheckTarget, writeStamp } from './type-check-stamp';

/**
 * The type check of the user's program, as `tsc --noEmit` would do it with the project's
 * tsconfig.json, rooted at the program's entry module: the files it imports are checked, the
 * project's other files (tests, scripts) are not. Runs in a worker thread (type-check-worker):
 * this module loads the compiler, the slowest module there is.
 *
 * Incremental: the compiler's state is kept in a `.tsbuildinfo` in Berth's cache, so that a
 * change re-checks only the files it affects; a check that passed leaves a stamp
 * (type-check-stamp) with which the next synth skips an unchanged program without starting
 * this at all.
 */

/** How a check ended. */
export type TypeCheckOutcome =
  | { readonly ok: true; readonly checked: readonly string[] }
  | {
      readonly ok: false;
      readonly errorCount: number;
      /** The error codes found (TS2307: a module not found), each once. */
      readonly codes: readonly number[];
      /** The compiler's messages, at `file:line:col`, each with the line it points at. */
      readonly report: string;
      readonly checked: readonly string[];
    };

/** How many errors the report shows in full; the rest are counted. */
const SHOWN_ERRORS = 20;

/**
 * The compiler options when the project has no tsconfig.json: strict, for the Node version
 * Berth runs on (the program runs in Berth's process), with the module settings Berth's
 * loader compiles the program with.
 */
const DEFAULT_OPTIONS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  esModuleInterop: true,
  resolveJsonModule: true,
  skipLibCheck: true,
  forceConsistentCasingInFileNames: true,
};

/** Type-checks the program of `target`; never throws for what the program or its tsconfig.json holds. */
export function checkProgram(target: TypeCheckTarget): TypeCheckOutcome {
  // Every file the compiler reads, as it was before reading it: the stamp of a check that passed.
  const read = new Map<string, readonly [number, number]>();
  const noteRead = (file: string): void => {
    const abs = path.resolve(file);
    if (abs === target.buildInfoFile || read.has(abs)) return;
    const stat = fileStat(abs);
    if (stat) read.set(abs, stat);
  };
  const config = compilerOptions(target, noteRead);
  if ('errors' in config) return failure(target, config.errors, []);

  const options: ts.CompilerOptions = {
    ...config.options,
    // Check only, keeping the incremental state in Berth's cache (not the project's own build).
    noEmit: true,
    incremental: true,
    tsBuildInfoFile: target.buildInfoFile,
    composite: false,
    declaration: false,
    declarationMap: false,
    emitDeclarationOnly: false,
    sourceMap: false,
    inlineSourceMap: false,
  };
  // Options present with an undefined value would still count (an `outFile` makes every change
  // affect every file): removed, not unset.
  delete options.outDir;
  delete options.outFile;
  delete options.rootDir;
  const host = ts.createIncrementalCompilerHost(options);
  // As tsc does: JSDoc comments of TypeScript files do not change types (a third less parsing).
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => {
    noteRead(file);
    return readFile(file);
  };
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, ...rest) => {
    noteRead(file);
    return getSourceFile(file, ...rest);
  };
  host.writeFile = (file, text) => writeCacheFile(file, text);

  const rootNames = [target.entry, ...config.declarations];
  if (!config.fromTsconfig) rootNames.push(...nodeTypes(options, host));
  const builder = ts.createIncrementalProgram({ rootNames, options, host });
  const mine = userFiles(target, builder.getSourceFiles());
  const isMine = (sf: ts.SourceFile): boolean => mine.has(sf);

  const diagnostics: ts.Diagnostic[] = [
    ...builder.getConfigFileParsingDiagnostics(),
    ...builder.getOptionsDiagnostics(),
    ...builder.getGlobalDiagnostics(),
  ];
  for (const sf of mine) diagnostics.push(...builder.getSyntacticDiagnostics(sf));
  // The files the change since the last check affects, checked one by one (the others keep
  // the results the incremental state holds).
  const checked: string[] = [];
  for (;;) {
    const next = builder.getSemanticDiagnosticsOfNextAffectedFile(undefined, (sf) => !isMine(sf));
    if (!next) break;
    const affected = next.affected;
    if ('fileName' in affected) checked.push(shownPath(target.root, affected.fileName));
  }
  for (const sf of mine) diagnostics.push(...builder.getSemanticDiagnostics(sf));
  // With noEmit this writes the incremental state only.
  builder.emit();
  checked.sort();

  const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) return failure(target, errors, checked);
  writeStamp(target, read, checked);
  return { ok: true, checked };
}

/** The options of the project's tsconfig.json (or the defaults), or the errors that file has. */
function compilerOptions(
  target: TypeCheckTarget,
  noteRead: (file: string) => void,
):
  | { readonly options: ts.CompilerOptions; readonly declarations: string[]; readonly fromTsconfig: boolean }
  | { readonly errors: readonly ts.Diagnostic[] } {
  const file = target.tsconfig;
  if (file === undefined) return { options: DEFAULT_OPTIONS, declarations: [], fromTsconfig: false };
  const parseHost: ts.ParseConfigHost = {
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
    readDirectory: ts.sys.readDirectory,
    fileExists: ts.sys.fileExists,
    readFile: (f) => {
      noteRead(f);
      return ts.sys.readFile(f);
    },
  };
  const json = ts.readConfigFile(file, parseHost.readFile);
  if (json.error) return { errors: [json.error] };
  const parsed = ts.parseJsonConfigFileContent(json.config, parseHost, path.dirname(file), undefined, file);
  // "No inputs were found": the entry module is the root here, whatever `include` says.
  const errors = parsed.errors.filter((d) => d.code !== 18003);
  if (errors.length > 0) return { errors };
  // Declaration files the project includes (global types, `declare module` for assets): the
  // program may rely on them without importing them.
  const declarations = parsed.fileNames.filter((f) => /\.d\.[cm]?ts$/.test(f));
  return { options: parsed.options, declarations, fromTsconfig: true };
}

/**
 * Without a tsconfig.json, Node's types (`@types/node`) are the project's when it has them,
 * else the ones installed with Berth: the program runs in Node, where `process` and `fs` exist.
 */
function nodeTypes(options: ts.CompilerOptions, host: ts.CompilerHost): string[] {
  if (ts.getAutomaticTypeDirectiveNames(options, host).includes('node')) return [];
  try {
    const pkg = require.resolve('@types/node/package.json', { paths: [berthPackageDir()] });
    const index = path.join(path.dirname(pkg), 'index.d.ts');
    return fs.existsSync(index) ? [index] : [];
  } catch {
    return [];
  }
}

/**
 * The program's own files: sources outside node_modules and outside Berth's package (whose
 * sources a program in Berth's own repository imports; the build checks those).
 */
function userFiles(target: TypeCheckTarget, files: readonly ts.SourceFile[]): Set<ts.SourceFile> {
  const berth = berthPackageDir();
  const berthDirs = [path.join(berth, 'lib') + path.sep, path.join(berth, 'build', 'lib') + path.sep];
  const mine = new Set<ts.SourceFile>();
  for (const sf of files) {
    const file = path.resolve(sf.fileName);
    if (sf.isDeclarationFile || /\.json$/.test(file)) continue;
    if (file.includes(`${path.sep}node_modules${path.sep}`)) continue;
    if (file !== target.entry && berthDirs.some((d) => file.startsWith(d))) continue;
    mine.add(sf);
  }
  return mine;
}

function failure(target: TypeCheckTarget, errors: readonly ts.Diagnostic[], checked: string[]): TypeCheckOutcome {
  const sorted = ts.sortAndDeduplicateDiagnostics(errors);
  const shown = sorted.slice(0, SHOWN_ERRORS).map((d) => formatDiagnostic(target.root, d));
  if (sorted.length > SHOWN_ERRORS) shown.push(`... and ${sorted.length - SHOWN_ERRORS} more errors`);
  const codes = [...new Set(sorted.map((d) => d.code))];
  return { ok: false, errorCount: sorted.length, codes, report: shown.join('\n'), checked };
}

/**
 * One diagnostic as `tsc --pretty` prints it, without colours: `file:line:col - error TSnnnn:
 * message`, then the line with the span underlined, then related locations.
 */
export function formatDiagnostic(root: string, d: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  const head = `error TS${d.code}: ${message}`;
  if (!d.file || d.start === undefined) return head;
  const lines = [`${where(root, d.file, d.start)} - ${head}`, ...codeFrame(d.file, d.start, d.length ?? 1)];
  for (const r of d.relatedInformation ?? []) {
    const text = ts.flattenDiagnosticMessageText(r.messageText, '\n');
    lines.push(r.file && r.start !== undefined ? `  ${where(root, r.file, r.start)}: ${text}` : `  ${text}`);
  }
  return lines.join('\n');
}

function where(root: string, file: ts.SourceFile, start: number): string {
  const { line, character } = file.getLineAndCharacterOfPosition(start);
  return `${shownPath(root, file.fileName)}:${line + 1}:${character + 1}`;
}

/** The line `start` is on, numbered, and `~` under the span (to the end of that line). */
function codeFrame(file: ts.SourceFile, start: number, length: number): string[] {
  const { line, character } = file.getLineAndCharacterOfPosition(start);
  const lineStarts = file.getLineStarts();
  const end = line + 1 < lineStarts.length ? lineStarts[line + 1] : file.text.length;
  const text = file.text.slice(lineStarts[line], end).replace(/\r?\n$/, '');
  const gutter = String(line + 1);
  const width = Math.max(1, Math.min(length, text.length - character));
  // Tabs stay tabs under the line, so that the marks line up with the text above them.
  const indent = text.slice(0, character).replace(/[^\t]/g, ' ');
  return [`  ${gutter} | ${text}`, `  ${' '.repeat(gutter.length)} | ${indent}${'~'.repeat(width)}`];
}
