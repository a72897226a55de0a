/**
 * Summarizes a V8 CPU profile (`node --cpu-prof`) of `berth synth`: where the time goes by
 * phase (each sample is put in the first phase found on its stack), the top self-time
 * functions and modules, and inside validation, which check the time is spent in.
 */
import * as fs from 'fs';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** A phase: samples whose stack holds a frame matching `match` (in priority order). */
interface Phase {
  readonly name: string;
  readonly match: (f: CallFrame) => boolean;
  /** Frames that must match (default 1): the main script itself runs inside one `Module._load`. */
  readonly minCount?: number;
}

const fn =
  (name: string, file: string) =>
  (f: CallFrame): boolean =>
    f.functionName === name && f.url.endsWith(file);

/** The modules of lib/synth that write the output (the staged tree and what it calls). */
const WRITING = [
  'staged-tree',
  'tree-writer',
  'remove-tree',
  'output-manifest',
  'legacy-output',
  'sorted-entries',
  'output-lock',
  'output-swap',
  'durable',
];

const PHASES: readonly Phase[] = [
  { name: 'garbage collection', match: (f) => f.functionName === '(garbage collector)' },
  {
    name: 'construct creation (the program: `microservices(N)`)',
    match: fn('microservices', '/bench/workloads/berth-microservices.js'),
  },
  {
    name: 'module loading (require: resolve, read, compile)',
    match: (f) => f.functionName === 'Module._load',
    minCount: 2,
  },
  { name: 'render: collect (toJson, resolveValue, dependencies)', match: fn('collect', '/synth/collect.js') },
  { name: 'validation (validateManifests)', match: fn('validateManifests', '/validate/validate-manifests.js') },
  // Files are written as they are rendered: a write counts as writing, the rest as emission.
  {
    name: 'writing (StagedTree: files into the staging folder, then the swap)',
    match: (f) => WRITING.some((file) => f.url.endsWith(`/synth/${file}.js`)),
  },
  {
    name: 'YAML emission (emitPlainTo)',
    match: (f) =>
      (f.functionName === 'emitPlainTo' || f.functionName === 'emitPlain') && f.url.endsWith('/synth/plain-emitter.js'),
  },
  { name: 'synthesize: other', match: fn('synthesize', '/synth/synthesizer.js') },
];

/** Wrappers between `validateManifests` and the check it calls. */
const WRAPPERS = /^(\w*[sS]afely|\(anonymous\))?$/;

/**
 * The check a validation sample is in: the first named function below `validateManifests`
 * (schema checks split into building validators, once per process, and validating objects).
 */
function validationCheck(stack: readonly CallFrame[], root: string): string {
  const at = stack.findIndex((f) => f.functionName === 'validateManifests');
  for (let i = at - 1; i >= 0; i--) {
    const f = stack[i];
    if (WRAPPERS.test(f.functionName)) continue;
    // SchemaChecker.check, which validateManifests runs per object (checkSchema: one object).
    if ((f.functionName === 'check' || f.functionName === 'checkSchema') && f.url.includes('/validate/check-schema')) {
      const building = stack.some(
        (g) =>
          (g.functionName === 'validatorFor' || g.functionName === 'k8sDefinitions') && g.url.includes('/validate/'),
      );
      return building
        ? 'checkSchema: load definitions, convert, compile validators (once per process)'
        : 'checkSchema: validate objects (ajv)';
    }
    return `${f.functionName} — ${moduleOf(f, root)}`;
  }
  return '(validateManifests itself)';
}

/** A module label for a script URL. */
function moduleOf(f: CallFrame, root: string): string {
  const url = f.url.replace(/^file:\/\//, '');
  if (!url) return `(VM) ${f.functionName || '(anonymous)'}`;
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 14).split('/');
    return `node_modules/${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  if (url.startsWith(root + '/')) return url.slice(root.length + 1);
  if (url.startsWith('node:')) return url;
  return url;
}

interface Entry {
  readonly label: string;
  ms: number;
}

function add(map: Map<string, Entry>, key: string, label: string, ms: number): void {
  const e = map.get(key);
  if (e) e.ms += ms;
  else map.set(key, { label, ms });
}

function top(map: Map<string, Entry>, count: number): Entry[] {
  return [...map.values()].sort((a, b) => b.ms - a.ms).slice(0, count);
}

/** The profile summary, in Markdown. */
export function summarizeProfile(file: string, root: string, topCount = 20): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const c of node.children ?? []) parent.set(c, node.id);
  }
  const phases = new Map<string, Entry>();
  const selfByFunction = new Map<string, Entry>();
  const selfByModule = new Map<string, Entry>();
  const inValidation = new Map<string, Entry>();
  const validation = PHASES.find((p) => p.name.startsWith('validation'))!;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    total += ms;
    const leaf = byId.get(profile.samples[i])!;
    const f = leaf.callFrame;
    const mod = moduleOf(f, root);
    add(
      selfByFunction,
      `${f.functionName}\u0000${f.url}\u0000${f.lineNumber}`,
      `${f.functionName || '(anonymous)'} — ${mod}:${f.lineNumber + 1}`,
      ms,
    );
    add(selfByModule, mod, mod, ms);
    // Walk the stack from the leaf to the root; keep every frame to find the phase.
    const stack: ProfileNode[] = [];
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) stack.push(byId.get(id)!);
    const phase = PHASES.find((p) => stack.filter((s) => p.match(s.callFrame)).length >= (p.minCount ?? 1));
    add(phases, phase?.name ?? 'other (start-up, CLI, idle)', phase?.name ?? 'other (start-up, CLI, idle)', ms);
    if (phase === validation) {
      const label = validationCheck(
        stack.map((s) => s.callFrame),
        root,
      );
      add(inValidation, label, label, ms);
    }
  }
  const pct = (ms: number): string => `${((100 * ms) / total).toFixed(1)}%`;
  const rows = (entries: Entry[]): string[] =>
    entries.map((e) => `| ${e.label.replace(/\|/g, '\\|')} | ${e.ms.toFixed(0)} | ${pct(e.ms)} |`);
  return [
    `Sampled time on the main thread (JS, GC, blocking calls, idle): ${total.toFixed(0)} ms.`,
    '',
    '**By phase** (a sample counts in the first phase, in this order, found on its stack):',
    '',
    '| phase | ms | share |',
    '| --- | ---: | ---: |',
    ...rows(top(phases, PHASES.length + 1)),
    '',
    '**Inside validation, by the check called from `validateManifests`:**',
    '',
    '| check | ms | share of all |',
    '| --- | ---: | ---: |',
    ...rows(top(inValidation, 12)),
    '',
    `**Top ${topCount} functions by self time:**`,
    '',
    '| function — module:line | ms | share |',
    '| --- | ---: | ---: |',
    ...rows(top(selfByFunction, topCount)),
    '',
    `**Top ${topCount} modules by self time:**`,
    '',
    '| module | ms | share |',
    '| --- | ---: | ---: |',
    ...rows(top(selfByModule, topCount)),
    '',
  ].join('\n');
}
