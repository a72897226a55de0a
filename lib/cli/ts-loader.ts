import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { cacheDir, readCacheFile, writeCacheFile } from '../core/cache-dir';

/**
 * Lets Node `require()` TypeScript files: each `.ts` file is transpiled (no type check: that
 * is the build's job) with the TypeScript compiler, and the result cached by content under
 * `node_modules/.cache/berth/ts/`, so an unchanged program loads without loading TypeScript.
 */

type ModuleWithCompile = NodeJS.Module & { _compile(code: string, filename: string): void };
type TranspileFn = (source: string, fileName: string) => string;

let transpiler: TranspileFn | undefined;

function transpile(source: string, fileName: string): string {
  if (!transpiler) {
    // Loaded on first cache miss only: it is the slowest module to load.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require('typescript') as typeof import('typescript');
    transpiler = (src, file) => ts.transpileModule(src, {
      fileName: file,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        inlineSourceMap: true,
        inlineSources: false,
      },
    }).outputText;
  }
  return transpiler(source, fileName);
}

const LOADER_VERSION = '1';

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
    const key = createHash('sha256').update(LOADER_VERSION).update('\0').update(filename).update('\0').update(source).digest('hex');
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
