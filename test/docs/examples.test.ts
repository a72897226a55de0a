import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

const repo = path.resolve(__dirname, '../..');

interface Example {
  readonly file: string;
  readonly line: number;
  readonly code: string;
}

/** Every TSDoc `@example` block in lib/ (generated code aside). */
function examples(): Example[] {
  const out: Example[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'imports') walk(p);
      } else if (e.name.endsWith('.ts')) {
        const lines = fs.readFileSync(p, 'utf8').split('\n');
        for (let i = 0; i < lines.length; i++) {
          if (!/^\s*\*\s*@example\b/.test(lines[i])) continue;
          const body: string[] = [];
          let j = i + 1;
          for (; j < lines.length && !/^\s*\*\//.test(lines[j]) && !/^\s*\*\s*@\w+/.test(lines[j]); j++) {
            body.push(lines[j].replace(/^\s*\* ?/, ''));
          }
          out.push({ file: path.relative(repo, p), line: i + 1, code: body.join('\n') });
        }
      }
    }
  };
  walk(path.join(repo, 'lib'));
  // README snippets too.
  const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8').split('\n');
  for (let i = 0; i < readme.length; i++) {
    if (readme[i].trim() !== '```ts') continue;
    const body: string[] = [];
    let j = i + 1;
    for (; j < readme.length && readme[j].trim() !== '```'; j++) body.push(readme[j]);
    out.push({ file: 'README.md', line: i + 1, code: body.join('\n') });
    i = j;
  }
  return out;
}

test('every @example in lib/ and every TypeScript snippet of the README compiles under strict TypeScript against the public API', () => {
  const all = examples();
  expect(all.length).toBeGreaterThan(50);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-examples-'));
  const files = all.map((ex, i) => {
    const f = path.join(dir, `example_${i}.ts`);
    // Each example is its own module.
    fs.writeFileSync(f, `${ex.code}\nexport {};\n`);
    return f;
  });
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ['node', 'jest'],
    typeRoots: [path.join(repo, 'node_modules', '@types')],
    baseUrl: repo,
    paths: { 'berth-k8s': ['lib/index.ts'], 'berth-k8s/testing': ['lib/testing/index.ts'], '*': ['node_modules/*'] },
  });
  const problems = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && files.includes(path.resolve(d.file.fileName)))
    .map((d) => {
      const ex = all[files.indexOf(path.resolve(d.file!.fileName))];
      return `${ex.file}:${ex.line}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    });
  fs.rmSync(dir, { recursive: true, force: true });
  expect(problems).toEqual([]);
});
