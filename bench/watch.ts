/**
 * `npm run bench:watch`: how long `berth synth --watch` takes from saving a one-line change to
 * one service of `microservices(N)` until that service's file holds the change.
 *
 *   npm run bench:watch                      N = 1000 and 5000, 20 edits each
 *   npm run bench:watch -- --n 1000 --edits 5
 *   npm run bench:watch -- --out /dev/shm    the project and its output under this folder
 *
 * The program is the benchmark workload plus one annotation on the first service's ConfigMap;
 * each edit changes that annotation's value (one line of the program). The time is measured
 * from outside the process: from the write of the program until a read of the ConfigMap's file
 * shows the new value (polled every 2 ms). Writes bench/watch-results.md and .json.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { benchProjectConfig, serviceNames } from './workloads/spec';

const root = path.resolve(__dirname, '..', '..');

interface WatchResult {
  readonly n: number;
  readonly edits: readonly number[];
  readonly firstSynthMs: number;
}

function program(n: number, edit: number): string {
  const workload = JSON.stringify(path.join(__dirname, 'workloads', 'berth-microservices.js'));
  const first = JSON.stringify(serviceNames(0, n).name);
  return [
    "'use strict';",
    `const platform = require(${workload}).microservices(${n});`,
    `const config = platform.node.findAll().find((c) => c.node.id === 'Config' && c.node.scope.node.id === ${first});`,
    `config.metadata.addAnnotation('bench/edit', 'edit-${edit}');`,
    'exports.platform = platform;',
    '',
  ].join('\n');
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `file` until it contains `text`; the time it took, in ms (fails after 60 s). */
async function until(file: string, text: string, since: bigint): Promise<number> {
  for (;;) {
    let content = '';
    try {
      content = fs.readFileSync(file, 'utf8');
    } catch {
      // Between the swap's renames the file may be briefly missing.
    }
    if (content.includes(text)) return Number(process.hrtime.bigint() - since) / 1e6;
    if (Number(process.hrtime.bigint() - since) > 60e9) throw new Error(`${file} never held ${text}`);
    await sleep(2);
  }
}

async function measureWatch(n: number, edits: number, outRoot: string): Promise<WatchResult> {
  const dir = fs.mkdtempSync(path.join(outRoot, `berth-watch-${n}-`));
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), benchProjectConfig('main.js'));
  const main = path.join(dir, 'main.js');
  fs.writeFileSync(main, program(n, 0));
  const started = process.hrtime.bigint();
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'bin', 'berth.js'), 'synth', '--watch'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    const appDir = path.join(dir, 'dist', 'bench', 'microservices');
    const firstSynthMs = await (async () => {
      for (;;) {
        if (stderr.includes('berth synth --watch: ')) return Number(process.hrtime.bigint() - started) / 1e6;
        if (child.exitCode !== null) throw new Error(stderr);
        await sleep(5);
      }
    })();
    if (!stderr.includes('written')) throw new Error(stderr);
    const name = serviceNames(0, n).name;
    const file = fs
      .readdirSync(appDir)
      .map((f) => path.join(appDir, f))
      .find((f) => f.includes('configmap-') && fs.readFileSync(f, 'utf8').includes(`SERVICE_NAME: ${name}\n`));
    if (!file) throw new Error(`no ConfigMap file of ${name} in ${appDir}`);
    const times: number[] = [];
    for (let i = 1; i <= edits; i++) {
      await sleep(300);
      const t = process.hrtime.bigint();
      fs.writeFileSync(main, program(n, i));
      times.push(await until(file, `bench/edit: edit-${i}\n`, t));
    }
    return { n, edits: times, firstSynthMs };
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', multiple: true },
      edits: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const ns = (values.n ?? ['1000', '5000']).map(Number);
  const edits = Number(values.edits ?? 20);
  const outRoot = values.out ?? os.tmpdir();
  const cpu = os.cpus();
  const machine = `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
  const results: WatchResult[] = [];
  for (const n of ns) {
    process.stderr.write(`watch N=${n}: ${edits} edits\n`);
    results.push(await measureWatch(n, edits, outRoot));
  }
  const load = os.loadavg().map((l) => l.toFixed(2));
  const lines = [
    '# `berth synth --watch`: from saving an edit to the file written',
    '',
    `Machine: ${machine}. Output under ${outRoot}. Load average at the end: ${load.join(', ')}.`,
    'Produced by `npm run bench:watch`; each edit changes one annotation of one ConfigMap of `microservices(N)`.',
    '',
    '| N (objects) | first synth (process start to written) | edits | median | worst |',
    '|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.n} (${r.n * 6}) | ${(r.firstSynthMs / 1000).toFixed(2)} s | ${r.edits.length} | ${(median(r.edits) / 1000).toFixed(3)} s | ${(Math.max(...r.edits) / 1000).toFixed(3)} s |`,
    ),
    '',
  ];
  fs.writeFileSync(path.join(root, 'bench', 'watch-results.md'), lines.join('\n'));
  fs.writeFileSync(
    path.join(root, 'bench', 'watch-results.json'),
    JSON.stringify({ machine, outRoot, load, results }, null, 2) + '\n',
  );
  process.stdout.write(lines.join('\n'));
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:watch: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
