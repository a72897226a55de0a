/**
 * Inputs at the edge of what `berth validate` and `berth import` take: time and peak memory of
 * each command, as a whole process, on generated files (`bench/limits.md` has the figures).
 *
 *   node build/bench/limits.js                       every case, one run each
 *   node build/bench/limits.js --cases cm-40k,stream-20mb --runs 3
 *   node build/bench/limits.js --berth /other/checkout/bin/berth.js   (compare a build)
 *   node build/bench/limits.js --timeout 120         kill a run after 120 s (default 300)
 *
 * Every file is written in another tool's layout (four-space indentation, single-quoted
 * strings), so that the general YAML parser reads it, not the fast reader of Berth's own layout.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { describeMethod, Measurement, measure } from './measure';
import { median } from './report';

const root = path.resolve(__dirname, '..', '..');

/** A ConfigMap with `keys` keys under data. */
export function manyKeysConfigMap(keys: number): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '    name: many-keys', 'data:'];
  for (let i = 0; i < keys; i++) lines.push(`    key-${i}: 'v'`);
  return `${lines.join('\n')}\n`;
}

/** One Deployment of a Helm-like render, `# Source:` comment included. */
function deployment(i: number): string {
  return `---
# Source: web/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
    name: web-${i}
    labels:
        app: 'web-${i}'
spec:
    replicas: 2
    selector:
        matchLabels:
            app: 'web-${i}'
    template:
        metadata:
            labels:
                app: 'web-${i}'
        spec:
            containers:
              - name: web
                image: 'ghcr.io/acme/web:1.2.3'
                ports:
                  - containerPort: 8080
                resources:
                    requests: {cpu: 100m, memory: 128Mi}
                    limits: {cpu: 500m, memory: 128Mi}
`;
}

/** A stream of Deployments (a `helm template` of many objects) of about `bytes` bytes. */
export function deploymentStream(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const d = deployment(i);
    parts.push(d);
    size += d.length;
  }
  return parts.join('');
}

/** A CRD whose schema has enough properties to make about `bytes` bytes. */
export function bigCrd(bytes: number): string {
  const head = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
    name: widgets.example.com
spec:
    group: example.com
    names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
    scope: Namespaced
    versions:
      - name: v1
        served: true
        storage: true
        schema:
            openAPIV3Schema:
                type: object
                properties:
                    spec:
                        type: object
                        properties:
`;
  const parts = [head];
  let size = head.length;
  for (let i = 0; size < bytes; i++) {
    const p = `                            field${i}:\n                                type: string\n                                description: 'Field number ${i} of the widget, a property among very many.'\n`;
    parts.push(p);
    size += p.length;
  }
  return parts.join('');
}

interface Case {
  readonly id: string;
  readonly what: string;
  readonly file: string;
  readonly make: () => string;
  readonly args: (file: string) => string[];
}

const MiB = 1024 * 1024;

const CASES: readonly Case[] = [
  {
    id: 'cm-40k',
    what: 'validate: a ConfigMap of 40,000 keys',
    file: 'cm-40k.yaml',
    make: () => manyKeysConfigMap(40_000),
    args: (f) => ['validate', f, '--policy', 'none'],
  },
  {
    id: 'cm-300k',
    what: 'validate: a ConfigMap of 300,000 keys',
    file: 'cm-300k.yaml',
    make: () => manyKeysConfigMap(300_000),
    args: (f) => ['validate', f, '--policy', 'none'],
  },
  {
    id: 'cm-420k',
    what: 'validate: a ConfigMap of 420,000 keys (one document just under 8 MiB)',
    file: 'cm-420k.yaml',
    make: () => manyKeysConfigMap(420_000),
    args: (f) => ['validate', f, '--policy', 'none'],
  },
  {
    id: 'stream-20mb',
    what: 'validate: a 20 MB stream of Deployments',
    file: 'stream-20mb.yaml',
    make: () => deploymentStream(20 * MiB),
    args: (f) => ['validate', f, '--policy', 'none'],
  },
  {
    id: 'stream-60mb',
    what: 'validate: a 60 MB stream of Deployments (just under 64 MiB)',
    file: 'stream-60mb.yaml',
    make: () => deploymentStream(60 * MiB),
    args: (f) => ['validate', f, '--policy', 'none'],
  },
  {
    id: 'stream-200mb',
    what: 'validate: a 200 MB stream of Deployments',
    file: 'stream-200mb.yaml',
    make: () => deploymentStream(200 * MiB),
    args: (f) => ['validate', f, '--policy', 'none'],
  },
  {
    id: 'crd-50mb',
    what: 'import: a 50 MB CRD',
    file: 'crd-50mb.yaml',
    make: () => bigCrd(50 * MiB),
    args: (f) => ['import', f, '--output', path.join(path.dirname(f), 'imports')],
  },
];

function row(c: Case, bytes: number, runs: readonly Measurement[]): string {
  const last = runs[runs.length - 1];
  const wall = runs.some((r) => r.timedOut)
    ? `killed at ${last.wall.toFixed(0)} s`
    : `${median(runs.map((r) => r.wall)).toFixed(2)} s`;
  const rss = median(runs.map((r) => r.peakRssKiB)) / 1024;
  const cpus = runs.map((r) => r.cpu).filter((c): c is number => c !== undefined);
  const cpu = cpus.length > 0 && !runs.some((r) => r.timedOut) ? `${median(cpus).toFixed(2)} s` : '';
  const said = last.output
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('berth') || /errors?, \d+ warnings?$/.test(l))
    .slice(0, 1)
    .join(' ');
  return `| ${c.what} | ${(bytes / MiB).toFixed(1)} MiB | ${wall} | ${cpu} | ${rss.toFixed(0)} MiB | ${runs.map((r) => r.exitCode).join(', ')} | ${said.replace(/\|/g, '\\|').slice(0, 160)} |`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string' },
      runs: { type: 'string' },
      berth: { type: 'string' },
      timeout: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const runs = Number(values.runs ?? 1);
  const timeout = Number(values.timeout ?? 300);
  const berth = path.resolve(values.berth ?? path.join(root, 'bin', 'berth.js'));
  const wanted = values.cases?.split(',') ?? CASES.map((c) => c.id);
  const unknown = wanted.filter((w) => !CASES.some((c) => c.id === w));
  if (unknown.length > 0 || !Number.isInteger(runs) || runs < 1 || !(timeout > 0)) {
    throw new Error(
      `usage: limits.js [--cases ${CASES.map((c) => c.id).join(',')}] [--runs R] [--timeout S] [--berth FILE] [--out DIR]`,
    );
  }
  const work = fs.mkdtempSync(path.join(path.resolve(values.out ?? os.tmpdir()), 'berth-limits-'));
  process.stdout.write(
    `berth: ${berth}; ${describeMethod()}; ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n\n`,
  );
  process.stdout.write(
    '| input | size | wall | CPU | peak RSS | exit | first line of the output |\n|---|---|---|---|---|---|---|\n',
  );
  try {
    for (const c of CASES.filter((x) => wanted.includes(x.id))) {
      const file = path.join(work, c.file);
      fs.writeFileSync(file, c.make());
      const bytes = fs.statSync(file).size;
      const results: Measurement[] = [];
      for (let r = 0; r < runs; r++) {
        fs.rmSync(path.join(work, 'imports'), { recursive: true, force: true });
        results.push(
          await measure({
            command: process.execPath,
            args: [berth, ...c.args(file)],
            cwd: work,
            timeoutSeconds: timeout,
          }),
        );
        if (results[results.length - 1].timedOut) break;
      }
      process.stdout.write(`${row(c, bytes, results)}\n`);
      fs.rmSync(file);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
