import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { cacheDir, readCacheFile, writeCacheFile } from '../perf/cache-dir';

/**
 * Lets Node `require()` TypeScript files: each `.ts` file is transpiled (no type check: that
 * is the build's job) with the TypeScript compiler, and the result cached by content under
 * `node_modules/.cache/berth/ts/`, so an unchanged program loads without loading TypeScript.
 */

type ModuleWithCompile = NodeJS.Module & { _compile(code: string, filename: string): void };
type TranspileFn = (source: string, fileName: string) => string;

/** A program file that does not parse: where, and what the parser said. */
export class ProgramSyntaxError extends SyntaxError {
  public constructor(
    public readonly file: string,
    /** 1-based. */
    public readonly line: number,
    /** 1-based. */
    public readonly column: number,
    public readonly reason: string,
    /** The text of that line. */
    public readonly sourceLine: string,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.name = 'ProgramSyntaxError';
  }
}

let transpiler: TranspileFn | undefined;

function transpile(source: string, fileName: string): string {
  if (!transpiler) {
    // Loaded on first cache miss only: it is the slowest module to load.
    const ts = require('typescript') as typeof import('typescript');
    transpiler = (src, file) => {
      const out = ts.transpileModule(src, {
        fileName: file,
        reportDiagnostics: true,
        compilerOptions: {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2022,
          esModuleInterop: true,
          inlineSourceMap: true,
          inlineSources: false,
        },
      });
      // Only syntax errors are reported here (transpiling does not type-check): the first one.
      const error = (out.diagnostics ?? []).find(
        (d) => d.category === ts.DiagnosticCategory.Error && d.file && d.start !== undefined,
      );
      if (error) {
        const { line, character } = error.file!.getLineAndCharacterOfPosition(error.start!);
        const text = src.split(/\r?\n/)[line] ?? '';
        throw new ProgramSyntaxError(
          file,
          line + 1,
          character + 1,
          ts.flattenDiagnosticMessageText(error.messageText, ' '),
          text,
        );
      }
      return out.outputText;
    };
  }
  return transpiler(source, fileName);
}

const LOADER_VERSION = '2';

/** Installs the `.ts` loader (once). */
export function registerTypeScript(): void {
  const exts = require.extensions as unknown as Record<string, (m: NodeJS.Module, filename: string) => void>;
  if (exts['.ts']) {
    return;
  }
  // Stack traces then name the program's TypeScript lines (the transpiled code carries a map).
  process.setSourceMapsEnabled(true);
  exts['.ts'] = (module, filename) => {
    const source = fs.readFileSync(filename, 'utf8');
    const key = createHash('sha256')
      .update(LOADER_VERSION)
      .update('\0')
      .update(filename)
      .update('\0')
      .update(source)
      .digest('hex');
    const cached = path.join(cacheDir('ts', path.dirname(filename)), `${key}.js`);
    let code = readCacheFile(cached);
    if (code === undefined) {
      code = transpile(source, filename);
      writeCacheFile(cached, code);
    }
    (module as ModuleWithCompile)._compile(code, filename);
  };
}

registerTypeScript();
