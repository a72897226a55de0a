import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../lib/cli/main';
import { berthProgram, HELLO_PROGRAM, project } from '../support/berth-project';
import { captureIO as capture } from '../support/capture-io';
import { readTree, tmpDir } from '../support/file-tree';
import { findTsconfig } from '../../lib/cli/type-check-stamp';

/** A Service exposed with a prop from cdk8s-plus habits (`portNumber`), which Berth does not have. */
const PORT_NUMBER = `import { Platform, Environment, Application, Deployment } from BERTH;
export const platform = new Platform();
const app = new Application(new Environment(platform, 'dev', { config: {} }), 'shop');
const web = new Deployment(app, 'web', { containers: [{ image: 'ghcr.io/acme/web:1.0.0', ports: [{ port: 8080 }] }] });
web.exposeViaService({ portNumber: 80 });
`;

const PORT_NUMBER_ERROR = [
  'berth synth: the program main.ts does not type-check (1 error; no tsconfig.json: strict defaults):',
  "main.ts:5:24 - error TS2353: Object literal may only specify known properties, and 'portNumber' does not exist in type 'ExposeOptions'.",
  '  5 | web.exposeViaService({ portNumber: 80 });',
  '    |                        ~~~~~~~~~~',
  '  hint: Fix the code as the compiler says, then synth again; nothing was written. To synth without type checking: --no-type-check, or `typeCheck: false` under `berth:` in cdk8s.yaml.',
  '',
].join('\n');

/** The cache entries of the type check of the project in `dir` (no node_modules above it: `.berth-cache`). */
function typeCheckCache(dir: string): { stamp?: { checked: string[] }; files: string[] } {
  const cache = path.join(dir, '.berth-cache', 'typecheck');
  const files = fs.existsSync(cache) ? fs.readdirSync(cache).sort() : [];
  const stampFile = files.find((f) => f.endsWith('.json'));
  const stamp = stampFile
    ? (JSON.parse(fs.readFileSync(path.join(cache, stampFile), 'utf8')) as { checked: string[] })
    : undefined;
  return { stamp, files };
}

/** Synth of the project in `dir`, with a previous output in dist/ that must stay as it is. */
async function failedSynth(dir: string, args: string[] = []): Promise<{ code: number; err: string }> {
  const before = readTree(path.join(dir, 'dist'));
  const io = capture();
  const code = await main(['synth', ...args], io, dir);
  expect(io.out).toBe('');
  expect(readTree(path.join(dir, 'dist'))).toEqual(before);
  return { code, err: io.err };
}

/** A project whose last synth passed (dist/ written), then its program replaced with `program`. */
async function synthedThen(program: string): Promise<string> {
  const dir = project(HELLO_PROGRAM);
  expect(await main(['synth'], capture(), dir)).toBe(0);
  fs.writeFileSync(path.join(dir, 'main.ts'), berthProgram(program));
  return dir;
}

describe('berth synth type-checks a TypeScript program', () => {
  test('a prop Berth does not have (cdk8s-plus `portNumber`) is TS2353 at its line; nothing is written, exit 1', async () => {
    const dir = await synthedThen(PORT_NUMBER);
    const { code, err } = await failedSynth(dir);
    expect(code).toBe(1);
    expect(err).toBe(PORT_NUMBER_ERROR);
  });

  test('an import of a file that does not exist is the compiler message TS2307 at the import, exit 1', async () => {
    const dir = await synthedThen(
      `import { settings } from './settings';\n${HELLO_PROGRAM}\nexport const s = settings;\n`,
    );
    const { code, err } = await failedSynth(dir);
    expect(code).toBe(1);
    expect(err).toBe(
      [
        'berth synth: the program main.ts does not type-check (1 error; no tsconfig.json: strict defaults):',
        "main.ts:1:26 - error TS2307: Cannot find module './settings' or its corresponding type declarations.",
        "  1 | import { settings } from './settings';",
        '    |                          ~~~~~~~~~~~~',
        '  hint: Fix the code as the compiler says, then synth again; nothing was written. For a module not found: fix the path, or install the package (npm install). To synth without type checking: --no-type-check, or `typeCheck: false` under `berth:` in cdk8s.yaml.',
        '',
      ].join('\n'),
    );
  });

  test('a program that does not parse: the compiler messages, exit 1', async () => {
    const dir = await synthedThen("// the platform\nconst broken = { data: { a: 'b' } ;\n");
    const { code, err } = await failedSynth(dir);
    expect(code).toBe(1);
    expect(err.split('\n').slice(0, 8)).toEqual([
      'berth synth: the program main.ts does not type-check (2 errors; no tsconfig.json: strict defaults):',
      "main.ts:2:35 - error TS1005: ',' expected.",
      "  2 | const broken = { data: { a: 'b' } ;",
      '    |                                   ~',
      "main.ts:3:1 - error TS1005: '}' expected.",
      '  3 | ',
      '    | ~',
      "  main.ts:2:16: The parser expected to find a '}' to match the '{' token here.",
    ]);
  });

  test('a tsconfig.json that does not parse is the compiler message at its line, exit 1', async () => {
    const dir = await synthedThen(HELLO_PROGRAM);
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      '{\n  "compilerOptions": {\n    "strict": true\n    "target": "ES2022"\n  }\n}\n',
    );
    const { code, err } = await failedSynth(dir);
    expect(code).toBe(1);
    expect(err).toBe(
      [
        'berth synth: the program main.ts does not type-check (1 error; compiler options from tsconfig.json):',
        "tsconfig.json:4:5 - error TS1005: ',' expected.",
        '  4 |     "target": "ES2022"',
        '    |     ~~~~~~~~',
        '  hint: Fix the code as the compiler says, then synth again; nothing was written. To synth without type checking: --no-type-check, or `typeCheck: false` under `berth:` in cdk8s.yaml.',
        '',
      ].join('\n'),
    );
  });

  test("the project's tsconfig.json applies: an option it turns on finds what the defaults allow", async () => {
    const dir = await synthedThen(`${HELLO_PROGRAM}const unused = 1;\n`);
    expect(await main(['synth'], capture(), dir)).toBe(0);
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      '{ "compilerOptions": { "strict": true, "noUnusedLocals": true } }\n',
    );
    const { code, err } = await failedSynth(dir);
    expect(code).toBe(1);
    expect(err.split('\n').slice(0, 2)).toEqual([
      'berth synth: the program main.ts does not type-check (1 error; compiler options from tsconfig.json):',
      "main.ts:6:7 - error TS6133: 'unused' is declared but its value is never read.",
    ]);
  });

  test('--no-type-check synthesizes the same program (the unknown prop is ignored at run time)', async () => {
    const dir = project(PORT_NUMBER);
    const io = capture();
    expect(await main(['synth', '--no-type-check', '--policy', 'none'], io, dir)).toBe(0);
    expect(io.out).toContain('Synthesized 3 objects of 1 app in 1 environment (plain)');
    expect(typeCheckCache(dir).files).toEqual([]);
  });

  test('berth.typeCheck: false in cdk8s.yaml turns it off; a value that is not a boolean is refused', async () => {
    const dir = project(PORT_NUMBER);
    fs.appendFileSync(path.join(dir, 'cdk8s.yaml'), 'berth:\n  typeCheck: false\n');
    expect(await main(['synth', '--policy', 'none'], capture(), dir)).toBe(0);
    expect(typeCheckCache(dir).files).toEqual([]);
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'app: main.ts\nberth:\n  typeCheck: "no"\n');
    const io = capture();
    expect(await main(['synth'], io, dir)).toBe(2);
    expect(io.err).toBe(
      `berth synth: ${path.join(dir, 'cdk8s.yaml')}: berth.typeCheck is "no"; it must be true or false\n` +
        '  hint: Write `typeCheck: false` under `berth:` to synth without type checking (true is the default).\n',
    );
  });

  test('a JavaScript program is not type-checked', async () => {
    const dir = project('');
    const js = berthProgram(PORT_NUMBER)
      .replace(/^import \{ (.*) \} from (.*);$/m, 'const { $1 } = require($2);')
      .replace('export const platform', 'const platform')
      .concat('module.exports = { platform };\n');
    fs.writeFileSync(path.join(dir, 'main.js'), js);
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'app: main.js\n');
    const io = capture();
    expect(await main(['synth', '--policy', 'none'], io, dir)).toBe(0);
    expect(io.out).toContain('Synthesized 3 objects');
    expect(typeCheckCache(dir).files).toEqual([]);
  });

  test('diff and graph type-check too: the same message (diff exits 2, its code for a synth that fails)', async () => {
    const dir = await synthedThen(PORT_NUMBER);
    const diff = capture();
    expect(await main(['diff'], diff, dir)).toBe(2);
    expect(diff.err).toBe(PORT_NUMBER_ERROR.replace('berth synth:', 'berth diff:'));
    const graph = capture();
    expect(await main(['graph'], graph, dir)).toBe(1);
    expect(graph.err).toBe(PORT_NUMBER_ERROR.replace('berth synth:', 'berth graph:'));
    expect(await main(['graph', '--no-type-check'], capture(), dir)).toBe(0);
  });

  test('a warm cache re-checks nothing when nothing changed, and only the changed file when one did', async () => {
    const dir = project(`import { greeting } from './greeting';\n${HELLO_PROGRAM.replace("'hi'", 'greeting()')}`);
    fs.writeFileSync(path.join(dir, 'greeting.ts'), "export function greeting(): string {\n  return 'hi';\n}\n");
    expect(await main(['synth'], capture(), dir)).toBe(0);
    const first = typeCheckCache(dir);
    expect(first.files).toEqual([
      expect.stringMatching(/^[0-9a-f]{32}\.json$/),
      expect.stringMatching(/\.tsbuildinfo$/),
    ]);
    expect(first.stamp!.checked).toEqual(['greeting.ts', 'main.ts']);
    const cache = path.join(dir, '.berth-cache', 'typecheck');
    const buildInfo = path.join(cache, first.files[1]);
    const infoBefore = fs.readFileSync(buildInfo, 'utf8');

    // Unchanged: the stamp of the first check holds, no check runs (one would write a new stamp
    // listing no checked file, and a new incremental state).
    expect(await main(['synth'], capture(), dir)).toBe(0);
    expect(typeCheckCache(dir).stamp!.checked).toEqual(['greeting.ts', 'main.ts']);
    expect(fs.readFileSync(buildInfo, 'utf8')).toBe(infoBefore);

    // The body of one file changed, not its types. The first incremental check still checks the
    // files importing it (the compiler's first check records file versions, not the files'
    // types, to save time); from then on, that file alone is checked again.
    const hello = (word: string) => `export function greeting(): string {\n  return '${word}';\n}\n`;
    fs.writeFileSync(path.join(dir, 'greeting.ts'), hello('hello'));
    expect(await main(['synth'], capture(), dir)).toBe(0);
    expect(typeCheckCache(dir).stamp!.checked).toEqual(['greeting.ts', 'main.ts']);
    fs.writeFileSync(path.join(dir, 'greeting.ts'), hello('hey'));
    expect(await main(['synth'], capture(), dir)).toBe(0);
    expect(typeCheckCache(dir).stamp!.checked).toEqual(['greeting.ts']);

    // Its type changed: the file and the one importing it, which now fails.
    fs.writeFileSync(path.join(dir, 'greeting.ts'), 'export function greeting(): number {\n  return 1;\n}\n');
    const io = capture();
    expect(await main(['synth'], io, dir)).toBe(1);
    expect(io.err).toContain("main.ts:6:42 - error TS2322: Type 'number' is not assignable to type 'string'.");
  });
});

test('the tsconfig.json nearest the program applies: not above the project, unless the program is outside it', () => {
  const top = tmpDir();
  const project = path.join(top, 'project');
  fs.mkdirSync(path.join(project, 'apps'), { recursive: true });
  fs.mkdirSync(path.join(top, 'elsewhere', 'apps'), { recursive: true });
  fs.writeFileSync(path.join(top, 'tsconfig.json'), '{}');
  expect(findTsconfig(project, path.join(project, 'apps', 'main.ts'))).toBeUndefined();
  expect(findTsconfig(project, path.join(top, 'elsewhere', 'apps', 'main.ts'))).toBe(path.join(top, 'tsconfig.json'));
  fs.writeFileSync(path.join(project, 'tsconfig.json'), '{}');
  expect(findTsconfig(project, path.join(project, 'apps', 'main.ts'))).toBe(path.join(project, 'tsconfig.json'));
  fs.writeFileSync(path.join(project, 'apps', 'tsconfig.json'), '{}');
  expect(findTsconfig(project, path.join(project, 'apps', 'main.ts'))).toBe(
    path.join(project, 'apps', 'tsconfig.json'),
  );
});
