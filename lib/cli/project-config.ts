import * as fs from 'fs';
import * as path from 'path';
import { cacheDir, readCacheFile, writeCacheFile } from '../core/cache-dir';
import { yamlLibrary } from '../core/yaml-library';
import { sha256 } from '../import/canonical-json';
import { GitOpsSettings } from '../synth/synthesizer';
import { Severity } from '../validate/problem';
import { PolicyProfile } from '../validate/validate-manifests';
import { UsageError } from './usage-error';
import { closest } from '../validate/edit-distance';
import { unknownRule } from '../validate/rule-names';

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
}

const PROFILES: readonly PolicyProfile[] = ['restricted', 'baseline', 'none'];
const SEVERITIES: readonly string[] = ['error', 'warning', 'off'];

/** Refuses a key of the `where` section that Berth does not read (a misspelt one would be ignored). */
function checkKeys(file: string, where: string, section: Readonly<Record<string, unknown>>, known: readonly string[]): void {
  if (typeof section !== 'object' || section === null || Array.isArray(section)) {
    throw new UsageError(`${file}: ${where} must be a mapping of ${known.join(', ')}`);
  }
  for (const key of Object.keys(section)) {
    if (known.includes(key)) continue;
    const guess = closest(key, known);
    throw new UsageError(`${file}: ${where}.${key} is not a setting Berth reads (it reads ${known.join(', ')})`, guess ? `Did you mean ${where}.${guess}?` : `Remove it, or use one of ${known.join(', ')}.`);
  }
}

/** Reads `cdk8s.yaml` from `cwd` (or the nearest parent that has one). */
export function readProjectConfig(cwd: string): ProjectConfig {
  let dir = path.resolve(cwd);
  while (!fs.existsSync(path.join(dir, 'cdk8s.yaml'))) {
    const up = path.dirname(dir);
    if (up === dir) {
      throw new UsageError('no cdk8s.yaml found here or in a parent folder', 'Run `berth init` to create a project, or run berth from the project folder.');
    }
    dir = up;
  }
  const file = path.join(dir, 'cdk8s.yaml');
  const doc = parseConfig(dir, file);
  const o = (doc ?? {}) as Record<string, unknown>;
  if (typeof o.app !== 'string' || !o.app.trim()) {
    throw new UsageError(`${file}: \`app\` must name the program module, e.g. \`app: apps/main.ts\``, 'Set `app:` to the .ts or .js file that exports the Platform.');
  }
  if (o.output !== undefined && (typeof o.output !== 'string' || !o.output.trim())) {
    throw new UsageError(`${file}: \`output\` is ${JSON.stringify(o.output)}; it must name the output folder`, 'Example: `output: dist`.');
  }
  const berth = (o.berth ?? {}) as Record<string, unknown>;
  checkKeys(file, 'berth', berth, ['policy', 'rules', 'gitops', 'timeout']);
  const policy = (berth.policy ?? 'restricted') as PolicyProfile;
  if (!PROFILES.includes(policy)) {
    throw new UsageError(`${file}: berth.policy is ${JSON.stringify(berth.policy)}; allowed: ${PROFILES.join(', ')}`, 'Pick one of the profiles.');
  }
  const rules: Record<string, Severity | 'off'> = {};
  for (const [rule, sev] of Object.entries((berth.rules ?? {}) as Record<string, unknown>)) {
    const unknown = unknownRule(rule);
    if (unknown) throw new UsageError(`${file}: berth.rules: ${unknown.reason}`, unknown.hint);
    if (typeof sev !== 'string' || !SEVERITIES.includes(sev)) {
      throw new UsageError(`${file}: berth.rules.${rule} is ${JSON.stringify(sev)}; allowed: ${SEVERITIES.join(', ')}`, 'Use error, warning or off.');
    }
    rules[rule] = sev as Severity | 'off';
  }
  if (berth.timeout !== undefined && (typeof berth.timeout !== 'number' || !Number.isFinite(berth.timeout) || berth.timeout < 0)) {
    throw new UsageError(`${file}: berth.timeout is ${typeof berth.timeout === 'number' ? String(berth.timeout) : JSON.stringify(berth.timeout)}; it must be a number of seconds (0 for no limit)`, 'Example: `timeout: 300` under `berth:`.');
  }
  let gitops: GitOpsSettings | undefined;
  if (berth.gitops !== undefined) {
    const g = (berth.gitops ?? {}) as Record<string, unknown>;
    checkKeys(file, 'berth.gitops', g, ['repoURL', 'targetRevision', 'path', 'project', 'argocdNamespace']);
    if (typeof g.repoURL !== 'string' || !g.repoURL) {
      throw new UsageError(`${file}: berth.gitops.repoURL must be the URL of the Git repository holding the output`, 'Example: `repoURL: https://github.com/acme/platform.git`.');
    }
    for (const key of ['targetRevision', 'path', 'project', 'argocdNamespace']) {
      if (g[key] !== undefined && typeof g[key] !== 'string') {
        throw new UsageError(`${file}: berth.gitops.${key} must be a string (got ${JSON.stringify(g[key])})`);
      }
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
    throw new UsageError(`${file}: not valid YAML: ${(e as Error).message}`, 'Fix the YAML syntax.');
  }
  if (isJsonData(doc)) writeCacheFile(cached, JSON.stringify(doc));
  return doc;
}

/** Whether `v` survives a JSON round trip unchanged (no undefined, NaN or infinity inside). */
function isJsonData(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isJsonData);
  if (typeof v === 'object') return Object.getPrototypeOf(v) === Object.prototype && Object.values(v as object).every(isJsonData);
  return false;
}

