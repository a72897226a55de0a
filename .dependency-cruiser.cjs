/**
 * The layering of lib/ (ARCHITECTURE.md): each stage imports only the stages below it, and
 * no module imports itself back through others. `npm run lint:deps` checks it (in `npm test`).
 */
// Lowest first. A folder may import its own layer's folders and any layer before it.
const LAYERS = [
  ['model'],
  ['yaml', 'perf', 'import', 'io'],
  ['core'],
  ['imports', 'units'],
  ['config', 'network', 'storage', 'custom', 'service', 'availability', 'workloads', 'chart'],
  ['render', 'validate'],
  ['emit', 'diff', 'graph', 'package', 'output'],
  ['synth'],
  ['testing', 'init', 'cli'],
];
const folders = (layers) => `^lib/(${layers.flat().join('|')})/`;
const upward = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.join('-')}`,
  comment: `${layer.join(', ')} must not import a later stage (${LAYERS.slice(i + 1)
    .flat()
    .join(', ')})`,
  severity: 'error',
  from: { path: folders([layer]) },
  to: { path: folders(LAYERS.slice(i + 1)) },
}));
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle: modules that need each other cannot be read or tested apart.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { circular: true },
    },
    // Constructs of one layer import each other in one direction only.
    {
      name: 'constructs-order',
      comment: 'service, availability and config sit below workloads; workloads compose them.',
      severity: 'error',
      from: { path: '^lib/(config|network|storage|custom|service|availability)/' },
      to: { path: '^lib/workloads/' },
    },
    // The speed-up machinery is passed in: a stage sees its interfaces (and the defaults of
    // perf/speedups), never an implementation. The orchestrator and the commands choose one.
    {
      name: 'perf-behind-interfaces',
      comment: 'Take the machinery as a parameter (lib/perf/interfaces.ts); only synth/ and cli/ pick implementations.',
      severity: 'error',
      from: { path: '^lib/', pathNot: '^lib/(perf|synth|cli|testing|init)/' },
      to: { path: '^lib/perf/', pathNot: '^lib/perf/(interfaces|speedups)\\.ts$' },
    },
    ...upward,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^lib/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
