/**
 * `npm run bench:scale`: does every command stay linear as a platform grows? Runs `berth synth`
 * (plain and Helm), `berth diff` (nothing changed), `berth graph` and `berth validate` on
 * platforms of N and 2N services in three shapes (one app; many apps of one environment; many
 * environments, see `workloads/shapes.ts`), each as a whole process, and reports the growth
 * t(2N) / t(N). Start-up makes a linear command grow by less than 2; a growth above 2.5 is
 * flagged as superlinear (a quadratic step shows as about 4 once it dominates).
 *
 *   npm run bench:scale                  N = 1000
 *   npm run bench:scale -- --n 2000      another N
 *   npm run bench:scale -- --runs 5      runs per command and size (median; default 3)
 *   npm run bench:scale -- --out /dev/shm
 *
 * Writes bench/scale-results.md and bench/scale-results.json.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { describeMethod, measure } from './measure';
import { median } from './report';
import { Shape, SHAPES } from './workloads/shapes';

const root = path.resolve(__dirname, '..', '..');
const berth = path.join(root, 'bin', 'berth.js');
/** Growth t(2N)/t(N) above which a command is flagged. */
const SUPERLINEAR = 2.5;

interface Step {
  readonly id: string;
  readonly args: readonly string[];
  /** Removes what the previous run of this step wrote, so that each run starts alike. */
  readonly clean?: (project: string) => void;
}

const STEPS: readonly Step[] = [
  { id: 'synth', args: ['synth'], clean: (p) => fs.rmSync(path.join(p, 'dist'), { recursive: true, force: true }) },
  {
    id: 'synth --format helm',
    args: ['synth', '--format', 'helm', '--output', 'helm-out'],
    clean: (p) => fs.rmSync(path.join(p, 'helm-out'), { recursive: true, force: true }),
  },
  { id: 'diff (unchanged)', args: ['diff'] },
  { id: 'graph --env e0', args: ['graph', '--env', 'e0'] },
  { id: 'validate dist', args: ['validate', 'dist', '--policy', 'none'] },
];

interface Result {
  readonly shape: Shape;
  readonly step: string;
  readonly n: number;
  readonly wall: number;
  readonly peakMiB: number;
  readonly exitCodes: readonly number[];
}

/** A project folder whose program is the shape at `n` services. */
function project(work: string, s: Shape, n: number): string {
  const dir = path.join(work, `${s}-${n}`);
  fs.mkdirSync(dir, { recursive: true });
  const shapes = path.join(__dirname, 'workloads', 'shapes.js');
  fs.writeFileSync(
    path.join(dir, 'main.js'),
    `module.exports = { platform: require(${JSON.stringify(shapes)}).shape(${JSON.stringify(s)}, ${n}) };\n`,
  );
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'app: main.js\noutput: dist\nberth:\n  policy: baseline\n');
  return dir;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { n: { type: 'string' }, runs: { type: 'string' }, out: { type: 'string' } },
  });
  const n = Number(values.n ?? 1000);
  const runs = Number(values.runs ?? 3);
  if (!Number.isInteger(n) || n < 20 || !Number.isInteger(runs) || runs < 1)
    throw new Error('usage: scale.js [--n N (>= 20)] [--runs R] [--out DIR]');
  const work = fs.mkdtempSync(path.join(path.resolve(values.out ?? os.tmpdir()), 'berth-scale-'));
  const results: Result[] = [];
  try {
    for (const s of SHAPES) {
      for (const size of [n, 2 * n]) {
        const dir = project(work, s, size);
        for (const step of STEPS) {
          const walls: number[] = [];
          const peaks: number[] = [];
          const codes: number[] = [];
          for (let r = 0; r < runs; r++) {
            step.clean?.(dir);
            const m = await measure({
              command: process.execPath,
              args: [berth, ...step.args],
              cwd: dir,
              stdoutFile: path.join(work, 'stdout.txt'),
            });
            // diff exits 1 on differences, validate on problems: 2 and up are failures.
            if (m.exitCode > 1)
              throw new Error(
                `${s} N=${size}: berth ${step.args.join(' ')} failed (exit ${m.exitCode}): ${m.output.slice(0, 400)}`,
              );
            walls.push(m.wall);
            peaks.push(m.peakRssKiB / 1024);
            codes.push(m.exitCode);
          }
          results.push({
            shape: s,
            step: step.id,
            n: size,
            wall: median(walls),
            peakMiB: median(peaks),
            exitCodes: codes,
          });
          process.stderr.write(`${s} N=${size} ${step.id}: ${median(walls).toFixed(3)} s\n`);
        }
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const rows: string[] = [];
  const flagged: string[] = [];
  for (const s of SHAPES) {
    for (const step of STEPS) {
      const a = results.find((r) => r.shape === s && r.step === step.id && r.n === n)!;
      const b = results.find((r) => r.shape === s && r.step === step.id && r.n === 2 * n)!;
      const growth = b.wall / a.wall;
      if (growth > SUPERLINEAR) flagged.push(`${s} / ${step.id} (${growth.toFixed(2)}x)`);
      rows.push(
        `| ${s} | ${step.id} | ${a.wall.toFixed(3)} | ${b.wall.toFixed(3)} | ${growth.toFixed(2)}${growth > SUPERLINEAR ? ' superlinear' : ''} | ${a.peakMiB.toFixed(1)} | ${b.peakMiB.toFixed(1)} |`,
      );
    }
  }
  const md = [
    '# `npm run bench:scale`: growth of every command with the platform',
    '',
    `Run ${new Date().toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.version}; median of ${runs} runs per command and size; ${describeMethod()}.`,
    `Shapes (see bench/workloads/shapes.ts): one-app = N services in one app; many-apps = N/4 apps of 4 services in one environment; many-envs = N/20 environments of 20 services. Each service: a Deployment, its Service, and the two NetworkPolicies that let the previous service of its app reach it (about 4 objects per service); each app has a default-deny NetworkPolicy. Policy profile baseline.`,
    `Growth = t(${2 * n}) / t(${n}); start-up makes a linear command grow by less than 2; above ${SUPERLINEAR} is flagged.`,
    '',
    `| shape | command | N=${n} wall s | N=${2 * n} wall s | growth | N=${n} peak MiB | N=${2 * n} peak MiB |`,
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    flagged.length > 0 ? `Superlinear: ${flagged.join(', ')}.` : `No command grew by more than ${SUPERLINEAR}x.`,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(root, 'bench', 'scale-results.md'), md);
  fs.writeFileSync(
    path.join(root, 'bench', 'scale-results.json'),
    `${JSON.stringify({ n, runs, results }, null, 2)}\n`,
  );
  process.stdout.write(md);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:scale: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
