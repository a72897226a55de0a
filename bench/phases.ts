/**
 * Times the phases of `berth synth` inside one process, the way `synthesize()` runs them:
 * module loading, construct creation, rendering (`collect`: toJson + resolve), validation
 * (policy `restricted`, then `none` on the same records, then the schema checks alone with
 * their validators compiled), YAML emission (`emitPlain`) and writing (`writeTreeAtomically`).
 * Prints one JSON line: seconds per phase.
 *
 * Usage: node build/bench/phases.js N OUTDIR [l1]   (`l1`: the workload written with L1 classes)
 */
import * as fs from 'fs';
import { BENCH_RULES } from './workloads/spec';

type Synthesizer = typeof import('../lib/synth/synthesizer');
type Collect = typeof import('../lib/render/collect');
type PlainEmitter = typeof import('../lib/emit/plain/plain-emitter');
type AtomicDir = typeof import('../lib/output/atomic-dir');
type Validate = typeof import('../lib/validate/validate-manifests');
type CheckSchema = typeof import('../lib/validate/check-schema');
type Workload = typeof import('./workloads/berth-microservices');

function seconds(from: bigint): number {
  return Number(process.hrtime.bigint() - from) / 1e9;
}

function main(argv: readonly string[]): void {
  const n = Number(argv[0]);
  const outdir = argv[1];
  if (!Number.isInteger(n) || n < 1 || !outdir) throw new Error('usage: phases.js N OUTDIR');
  const times: Record<string, number> = {};
  let t = process.hrtime.bigint();
  // The modules `berth synth` loads, in the order it needs them (required here to time them).
  require('../lib/cli/main') as unknown;
  require('../lib/synth/synthesizer') as Synthesizer;
  const { collect } = require('../lib/render/collect') as Collect;
  const { emitPlain } = require('../lib/emit/plain/plain-emitter') as PlainEmitter;
  const { writeTreeAtomically } = require('../lib/output/atomic-dir') as AtomicDir;
  const { validateManifests } = require('../lib/validate/validate-manifests') as Validate;
  const { SchemaChecker } = require('../lib/validate/check-schema') as CheckSchema;
  const { microservices } = require(
    argv[2] === 'l1' ? './workloads/berth-microservices-l1' : './workloads/berth-microservices',
  ) as Workload;
  times.load = seconds(t);

  t = process.hrtime.bigint();
  const platform = microservices(n);
  times.construct = seconds(t);

  t = process.hrtime.bigint();
  const collected = collect(platform);
  times.render = seconds(t);
  const records = collected.apps.flatMap((a) => a.records);

  t = process.hrtime.bigint();
  const problems = validateManifests(records, { policy: 'restricted', severities: BENCH_RULES });
  times.validateRestricted = seconds(t);

  t = process.hrtime.bigint();
  validateManifests(records, { policy: 'none', severities: BENCH_RULES });
  times.validateNone = seconds(t);

  // Schema checks alone, validators already compiled by the runs above: the per-object cost.
  t = process.hrtime.bigint();
  const schemas = new SchemaChecker();
  for (const r of records) schemas.check(r.object);
  times.schemaWarm = seconds(t);

  t = process.hrtime.bigint();
  const files = emitPlain(collected.apps);
  times.emit = seconds(t);

  t = process.hrtime.bigint();
  fs.rmSync(outdir, { recursive: true, force: true });
  writeTreeAtomically(outdir, files);
  times.write = seconds(t);

  const errors = problems.filter((p) => p.severity === 'error').length;
  process.stdout.write(
    JSON.stringify({
      n,
      objects: records.length,
      files: files.size,
      errors,
      warnings: problems.length - errors,
      times,
    }) + '\n',
  );
}

main(process.argv.slice(2));
