/**
 * Contender (the floor): the workload's plain objects built in a loop and written as one
 * multi-document YAML file, with no construct tree, no validation and no resolution.
 *
 * Usage: node build/bench/contenders/floor.js js-yaml|yaml|limit N OUTDIR
 * - `js-yaml`: `dump(o, { lineWidth: -1, noRefs: true })` per object;
 * - `yaml`: `stringify(o, { lineWidth: 0, version: '1.1' })` per object (cdk8s' serializer and options);
 * - `limit`: Berth's own YAML emitter (`lib/synth/yaml.ts`: block style, plain and double-quoted
 *   scalars, the YAML 1.1 safety rules) per object, and nothing else of Berth: the practical
 *   limit of the job, a minimal emitter written for Kubernetes objects.
 */
import * as fs from 'fs';
import * as path from 'path';
import { serviceObjects } from '../workloads/spec';

type Serializer = (o: unknown) => string;

function serializer(name: string): Serializer {
  if (name === 'js-yaml') {
    // Loaded only when used, so each floor pays for its own serializer only.
    const jsyaml = require('js-yaml') as typeof import('js-yaml');
    return (o) => jsyaml.dump(o, { lineWidth: -1, noRefs: true });
  }
  if (name === 'yaml') {
    const YAML = require('yaml') as typeof import('yaml');
    return (o) => YAML.stringify(o, { lineWidth: 0, version: '1.1' });
  }
  if (name === 'limit') {
    const emitter = require('../../lib/yaml/yaml') as typeof import('../../lib/yaml/yaml');
    return (o) => emitter.toYaml(o);
  }
  throw new Error(`unknown serializer ${JSON.stringify(name)}: allowed: js-yaml, yaml, limit`);
}

function main(argv: readonly string[]): void {
  const [which, count, outdir] = argv;
  const n = Number(count);
  if (!Number.isInteger(n) || n < 1 || !outdir) {
    throw new Error('usage: floor.js js-yaml|yaml|limit N OUTDIR');
  }
  const dump = serializer(which);
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    for (const o of serviceObjects(i, n)) docs.push(dump(o));
  }
  fs.mkdirSync(outdir, { recursive: true });
  fs.writeFileSync(path.join(outdir, 'all.yaml'), docs.join('---\n'));
}

main(process.argv.slice(2));
