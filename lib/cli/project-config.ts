import * as fs from 'fs';
import * as path from 'path';
import { cacheDir, readCacheFile, writeCacheFile } from '../perf/cache-dir';
import { yamlLibrary } from '../yaml/yaml-library';
import { sha256 } from '../model/canonical-json';
import { GitOpsSettings } from '../synth/synthesizer';
import { Severity } from '../model/problem';
import { PolicyProfile } from '../validate/validate-manifests';
import { UsageError } from '../model/usage-error';
import { GITOPS_ENGINES } from '../model/gitops-settings';
import { closest } from '../model/edit-distance';
import { unknownRule } from '../model/rule-names';

/** The project configuration, read from `cdk8s.yaml` (cdk8s's file, with a `berth:` section). */
export interface ProjectConfig {
  /** The folder holding `cdk8s.yaml`. */
  readonly root: string;
  /** The program: a `.ts` or `.js` module that exports the Platform. */
  readonly app: string;
  /** The output folder. @default 'dist' */
  readonly output: string;
  /** The policy profile. @default 'restricted' */
  readonly policy: PolicyProfile;
  /** Rule severities lowered (or raised) by the project. */
  readonly rules: Readonly<Record<string, Severity | 'off'>>;
  /** Where the output is committed (`berth.gitops`), for the Argo CD Applications. */
  readonly gitops?: GitOpsSettings;
  /** How long the program may take, in seconds (`berth.timeout`; 0: no limit). @default - not set */
  readonly timeout?: number;
  /** Whether synth type-checks a TypeScript program first (`berth.typeCheck`). @default true */
  readonly typeCheck: boolean;
  /** The Helm binary that renders vendored charts (`berth.helm`, resolved). @default - `helm` on PATH */
  readonly helm?: string;
}

const PROFILES: readonly PolicyProfile[] = ['restricted', 'baseline', 'none'];
const SEVERITIES: readonly string[] = ['error', 'warning', 'off'];

/** Refuses a key of the `where` section that Berth does not read (a misspelt one would be ignored). */
function checkKeys(
  file: string,
  where: string,
  section: Readonly<Record<string, unknown>>,
  known: readonly string[],
): void {
  // A !!set or !!omap reads as a Set or Map: no keys to check, so refused as well.
  if (typeof section !== 'object' || section === null || Object.getPrototypeOf(section) !== Object.prototype) {
    throw new UsageError(`${file}: ${where} must be a mapping of ${known.join(', ')}`);
  }
  for (const key of Object.keys(section)) {
    if (known.includes(key)) continue;
    const guess = closest(key, known);
    throw new UsageError(
      `${file}: ${where}.${key} is not a setting Berth reads (it reads ${known.join(', ')})`,
      guess ? `Did you mean ${where}.${guess}?` : `Remove it, or use one of ${known.join(', ')}.`,
    );
  }
}

/** Reads `cdk8s.yaml` from `cwd` (or the nearest parent that has one). */
export function readProjectConfig(cwd: string): ProjectConfig {
  let dir = path.resolve(cwd);
  while (!fs.existsSync(path.join(dir, 'cdk8s.yaml'))) {
    const up = path.dirname(dir);
    if (up === dir) {
      throw new UsageError(
        'no cdk8s.yaml found here or in a parent folder',
        'Run `berth init` to create a project, or run berth from the project folder.',
      );
    }
    dir = up;
  }
  const file = path.join(dir, 'cdk8s.yaml');
  const doc = parseConfig(dir, file);
  if (doc !== null && doc !== undefined && !isMapping(doc)) {
    throw new UsageError(
      `${file}: must be a mapping of settings (app, output, berth), not ${kindOf(doc)}`,
      'Write one setting per line, as `app: apps/main.ts`.',
    );
  }
  const o = (doc ?? {}) as Record<string, unknown>;
  if (typeof o.app !== 'string' || !o.app.trim()) {
    throw new UsageError(
      `${file}: \`app\` must name the program module, e.g. \`app: apps/main.ts\``,
      'Set `app:` to the .ts or .js file that exports the Platform.',
    );
  }
  if (o.output !== undefined && (typeof o.output !== 'string' || !o.output.trim())) {
    throw new UsageError(
      `${file}: \`output\` is ${JSON.stringify(o.output)}; it must name the output folder`,
      'Example: `output: dist`.',
    );
  }
  const berth = (o.berth ?? {}) as Record<string, unknown>;
  checkKeys(file, 'berth', berth, ['policy', 'rules', 'gitops', 'timeout', 'typeCheck', 'helm']);
  const policy = (berth.policy ?? 'restricted') as PolicyProfile;
  if (!PROFILES.includes(policy)) {
    throw new UsageError(
      `${file}: berth.policy is ${JSON.stringify(berth.policy)}; allowed: ${PROFILES.join(', ')}`,
      'Pick one of the profiles.',
    );
  }
  const rules: Record<string, Severity | 'off'> = {};
  for (const [rule, sev] of Object.entries((berth.rules ?? {}) as Record<string, unknown>)) {
    const unknown = unknownRule(rule);
    if (unknown) throw new UsageError(`${file}: berth.rules: ${unknown.reason}`, unknown.hint);
    if (typeof sev !== 'string' || !SEVERITIES.includes(sev)) {
      throw new UsageError(
        `${file}: berth.rules.${rule} is ${JSON.stringify(sev)}; allowed: ${SEVERITIES.join(', ')}`,
        'Use error, warning or off.',
      );
    }
    rules[rule] = sev as Severity | 'off';
  }
  if (
    berth.timeout !== undefined &&
    (typeof berth.timeout !== 'number' || !Number.isFinite(berth.timeout) || berth.timeout < 0)
  ) {
    throw new UsageError(
      `${file}: berth.timeout is ${typeof berth.timeout === 'number' ? String(berth.timeout) : JSON.stringify(berth.timeout)}; it must be a number of seconds (0 for no limit)`,
      'Example: `timeout: 300` under `berth:`.',
    );
  }
  if (berth.typeCheck !== undefined && typeof berth.typeCheck !== 'boolean') {
    throw new UsageError(
      `${file}: berth.typeCheck is ${JSON.stringify(berth.typeCheck)}; it must be true or false`,
      'Write `typeCheck: false` under `berth:` to synth without type checking (true is the default).',
    );
  }
  if (berth.helm !== undefined && (typeof berth.helm !== 'string' || !berth.helm.trim())) {
    throw new UsageError(
      `${file}: berth.helm is ${JSON.stringify(berth.helm)}; it must be the path of the Helm binary`,
      'Example: `helm: tools/helm` under `berth:` (relative to cdk8s.yaml), or leave it out to use `helm` on PATH.',
    );
  }
  let gitops: GitOpsSettings | undefined;
  if (berth.gitops !== undefined) {
    const g = (berth.gitops ?? {}) as Record<string, unknown>;
    checkKeys(file, 'berth.gitops', g, [
      'repoURL',
      'targetRevision',
      'path',
      'project',
      'argocdNamespace',
      'engine',
      'applicationSets',
      'fluxNamespace',
    ]);
    if (typeof g.repoURL !== 'string' || !g.repoURL) {
      throw new UsageError(
        `${file}: berth.gitops.repoURL must be the URL of the Git repository holding the output`,
        'Example: `repoURL: https://github.com/acme/platform.git`.',
      );
    }
    for (const key of ['targetRevision', 'path', 'project', 'argocdNamespace', 'fluxNamespace']) {
      if (g[key] !== undefined && typeof g[key] !== 'string') {
        throw new UsageError(`${file}: berth.gitops.${key} must be a string (got ${JSON.stringify(g[key])})`);
      }
    }
    if (g.engine !== undefined && !(GITOPS_ENGINES as readonly unknown[]).includes(g.engine)) {
      throw new UsageError(
        `${file}: berth.gitops.engine is ${JSON.stringify(g.engine)}; it must be ${GITOPS_ENGINES.map((e) => JSON.stringify(e)).join(' or ')}`,
        'Example: `engine: flux` under `gitops:` (argocd when left out).',
      );
    }
    const sets = g.applicationSets;
    if (sets !== undefined && (!Array.isArray(sets) || sets.some((e) => typeof e !== 'string'))) {
      throw new UsageError(
        `${file}: berth.gitops.applicationSets must be a list of environment names (got ${JSON.stringify(sets)})`,
        'Example: `applicationSets: [prod]`: Argo CD stamps out the apps of prod per cluster with one ApplicationSet.',
      );
    }
    gitops = g as unknown as GitOpsSettings;
  }
  return {
    gitops,
    root: dir,
    app: o.app.trim(),
    output: typeof o.output === 'string' ? o.output.trim() : 'dist',
    policy,
    rules,
    timeout: berth.timeout as number | undefined,
    typeCheck: berth.typeCheck !== false,
    helm: typeof berth.helm === 'string' ? path.resolve(dir, berth.helm.trim()) : undefined,
  };
}

/**
 * The data of `cdk8s.yaml`. Parsed with the `yaml` library once per content: the data is cached
 * as JSON by the file's hash (`node_modules/.cache/berth/config/`), so that a synth does not
 * load the library just to read a few settings.
 */
function parseConfig(dir: string, file: string): unknown {
  const text = fs.readFileSync(file, 'utf8');
  const cached = path.join(cacheDir('config', dir), `${sha256(text)}.json`);
  const hit = readCacheFile(cached);
  if (hit !== undefined) {
    try {
      return JSON.parse(hit) as unknown;
    } catch {
      // A damaged entry: parse below (and write it again).
    }
  }
  let doc: unknown;
  try {
    doc = yamlLibrary().parse(text);
  } catch (e) {
    // The yaml library refuses aliases that expand past 100 values (a "billion laughs" document).
    if (e instanceof ReferenceError && /alias count/i.test(e.message)) {
      throw new UsageError(
        `${file}: its aliases (*name) expand to more values than Berth reads (the YAML reader stops at 100 expansions of aliases, against "billion laughs" documents)`,
        'Write the repeated values out rather than nesting aliases.',
      );
    }
    throw new UsageError(`${file}: not valid YAML: ${(e as Error).message}`, 'Fix the YAML syntax.');
  }
  // An alias inside the value its anchor marks (`a: &x [*x]`) reads as a value that contains
  // itself, which no setting can be (and which reading it further would never finish).
  if (containsItself(doc)) throw selfContainingAlias(file, text);
  if (isJsonData(doc)) writeCacheFile(cached, JSON.stringify(doc));
  return doc;
}

/** Whether `v` is a plain object (a YAML mapping, not a list, a !!set or !!binary data). */
function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** What a YAML document is, for a message: "a list", "a string", ... */
function kindOf(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object')
    return v instanceof Uint8Array ? 'binary data' : v instanceof Set ? 'a set' : 'a value of another kind';
  return typeof v === 'number' || typeof v === 'bigint'
    ? 'a number'
    : typeof v === 'boolean'
      ? 'a boolean'
      : 'a string';
}

/** Whether a list or object in `v` holds itself, directly or deeper down. */
function containsItself(v: unknown, above: Set<object> = new Set()): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (above.has(v)) return true;
  above.add(v);
  const children = v instanceof Map ? [...v.keys(), ...v.values()] : v instanceof Set ? [...v] : Object.values(v);
  const found = children.some((child) => containsItself(child, above));
  above.delete(v);
  return found;
}

/** The error for an alias inside the value its anchor marks, with its line when the document's nodes show it. */
function selfContainingAlias(file: string, text: string): UsageError {
  const yaml = yamlLibrary();
  const doc = yaml.parseDocument(text);
  let found: { alias: string; line: number } | undefined;
  yaml.visit(doc, {
    Alias: (_key, node, ancestors) => {
      const target = node.resolve(doc);
      if (target === undefined || !ancestors.includes(target)) return undefined;
      found = { alias: node.source, line: text.slice(0, node.range?.[0] ?? 0).split('\n').length };
      return yaml.visit.BREAK;
    },
  });
  const where = found
    ? `line ${found.line}: the alias *${found.alias} is inside the value it stands for (&${found.alias})`
    : 'an alias is inside the value it stands for';
  return new UsageError(
    `${file}: ${where}, so that value would contain itself`,
    'Write the value out, or move the alias out of the value its anchor marks.',
  );
}

/** Whether `v` survives a JSON round trip unchanged (no undefined, NaN or infinity inside). */
function isJsonData(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isJsonData);
  if (typeof v === 'object')
    return Object.getPrototypeOf(v) === Object.prototype && Object.values(v as object).every(isJsonData);
  return false;
}
