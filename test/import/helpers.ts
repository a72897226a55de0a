/** Shared helpers of the `berth import` tests: temp dirs, tiny CRDs, compiling and loading generated modules. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, resolve } from 'path';
import * as ts from 'typescript';
import { InputTooLarge } from '../../lib/io/input-bytes';
import { runImportCommand } from '../../lib/import';

export const REPO = resolve(__dirname, '../..');
export const CORPUS = join(REPO, 'test/fixtures/crds-corpus');
export const K8S_SCHEMA = join(REPO, 'schemas/k8s/v1.33.0/_definitions.json');

const made: string[] = [];

/** A fresh temporary directory, removed by `cleanTempDirs`. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-import-test-'));
  made.push(dir);
  return dir;
}

export function cleanTempDirs(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

export interface TinyCrd {
  readonly group?: string;
  readonly kind?: string;
  readonly scope?: 'Namespaced' | 'Cluster';
  readonly versions?: readonly { name: string; served?: boolean; storage?: boolean; schema: object }[];
  /** The schema of a single v1 version (when `versions` is not given). */
  readonly schema?: object;
}

/** A CRD object (apiextensions.k8s.io/v1). */
export function crd(spec: TinyCrd): Record<string, unknown> {
  const group = spec.group ?? 'example.com';
  const kind = spec.kind ?? 'Widget';
  const versions = spec.versions ?? [
    { name: 'v1', served: true, storage: true, schema: spec.schema ?? { type: 'object' } },
  ];
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${kind.toLowerCase()}s.${group}` },
    spec: {
      group,
      names: { kind, plural: `${kind.toLowerCase()}s`, singular: kind.toLowerCase() },
      scope: spec.scope ?? 'Namespaced',
      versions: versions.map((v) => ({
        name: v.name,
        served: v.served ?? true,
        storage: v.storage ?? false,
        schema: { openAPIV3Schema: v.schema },
      })),
    },
  };
}

/** Writes `text` to `<dir>/<name>` and returns the path. */
export function writeInput(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Type-checks generated files (strict); 'berth-k8s' maps to lib/core. Returns formatted diagnostics. */
export function compile(files: readonly string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    noUnusedLocals: true,
    noImplicitReturns: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    typeRoots: [join(REPO, 'node_modules/@types')],
    skipLibCheck: true,
    baseUrl: REPO,
    paths: { 'berth-k8s': ['lib/core/index.ts'], '*': ['node_modules/*'] },
  });
  return ts.getPreEmitDiagnostics(program).map((d) =>
    ts
      .formatDiagnostic(d, {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => REPO,
        getNewLine: () => '\n',
      })
      .trim(),
  );
}

/**
 * Loads a generated module: transpiles it with `ts.transpileModule` and evaluates it in this
 * realm; relative imports load sibling generated files, 'berth-k8s' the runtime in lib/core.
 */
export function loadGenerated(
  file: string,
  cache = new Map<string, Record<string, unknown>>(),
): Record<string, unknown> {
  const key = resolve(file);
  const cached = cache.get(key);
  if (cached) return cached;
  const source = readFileSync(key, 'utf8');
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    fileName: key,
  }).outputText;
  const module = { exports: {} as Record<string, unknown> };
  cache.set(key, module.exports);
  const localRequire = (id: string): unknown => {
    if (id.startsWith('.')) return loadGenerated(join(dirname(key), `${id}.ts`), cache);
    if (id === 'berth-k8s') return require('../../lib/core');
    if (id === 'constructs') return require('constructs');
    if (id === 'cdk8s') return require('cdk8s');
    throw new Error(`unexpected import ${id} in ${file}`);
  };
  new Function('exports', 'require', 'module', '__filename', '__dirname', js)(
    module.exports,
    localRequire,
    module,
    key,
    dirname(key),
  );
  cache.set(key, module.exports);
  return module.exports;
}

/** The type text of `prop` in interface (or alias) `name` of a generated file. */
export function memberType(fileText: string, name: string, prop?: string): string | undefined {
  const sf = ts.createSourceFile('x.ts', fileText, ts.ScriptTarget.ES2022, true);
  for (const st of sf.statements) {
    if (ts.isTypeAliasDeclaration(st) && st.name.text === name && prop === undefined) return st.type.getText(sf);
    if (ts.isInterfaceDeclaration(st) && st.name.text === name) {
      if (prop === undefined)
        return st.members.map((m) => m.getText(sf).replace(/\/\*\*[\s\S]*?\*\/\s*/g, '')).join(' ');
      for (const m of st.members) {
        if (ts.isPropertySignature(m) && m.name && propName(m.name) === prop) {
          return `${m.questionToken ? '?' : ''}${m.type ? m.type.getText(sf) : ''}`;
        }
        if (ts.isIndexSignatureDeclaration(m) && prop === '[key: string]') return m.type.getText(sf);
      }
    }
  }
  return undefined;
}

function propName(n: ts.PropertyName): string {
  return ts.isIdentifier(n) || ts.isStringLiteral(n) ? n.text : n.getText();
}

/** The names of the interfaces, aliases and classes a generated file declares. */
export function declaredNames(fileText: string): string[] {
  const sf = ts.createSourceFile('x.ts', fileText, ts.ScriptTarget.ES2022, true);
  const names: string[] = [];
  for (const st of sf.statements) {
    if ((ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isClassDeclaration(st)) && st.name)
      names.push(st.name.text);
  }
  return names;
}

/**
 * Runs `berth import args` in `cwd`, with `stdin` as standard input (refused past the limit it
 * is read under, as the process's is).
 */
export async function runImport(
  args: string[],
  cwd: string,
  stdin = '',
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const readStdin = async (maxBytes: number): Promise<Buffer> => {
      if (Buffer.byteLength(stdin) > maxBytes) throw new InputTooLarge(maxBytes);
      return Buffer.from(stdin);
    };
    const code = await runImportCommand(args, {
      stdout: (s) => {
        stdout += s;
      },
      stderr: (s) => {
        stderr += s;
      },
      readStdin,
    });
    return { code, stdout, stderr };
  } finally {
    process.chdir(before);
  }
}
