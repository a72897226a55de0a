import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { DiskCache } from '../perf/interfaces';
import { FS_DISK_CACHE } from '../perf/speedups';
import { canonicalJson, sha256 } from '../model/canonical-json';
import { KubeObject } from '../model/manifest';
import { yamlLibrary } from '../yaml/yaml-library';
import { ChartSource } from './chart-source';
import { findHelmBinary } from './helm-binary';

/** What one `helm template` run is made of. */
export interface HelmRenderInput {
  readonly source: ChartSource;
  readonly release: string;
  readonly namespace: string;
  readonly values: object;
  /** e.g. `v1.33.0`, the Kubernetes version of the schemas Berth validates with. */
  readonly kubeVersion: string;
  /**
   * Checks the input before Helm renders it (the values against the chart's schema); throws to
   * refuse it. Not called for a cached render: only input that passed it is cached.
   */
  readonly check?: () => void;
}

/** `helm template` failed: Helm's own message. */
export class HelmTemplateFailed extends Error {
  public constructor(public readonly helmMessage: string) {
    super(helmMessage);
    this.name = 'HelmTemplateFailed';
  }
}

/** Two renders of the same input differed: the fields that changed, per object. */
export class NonReproducibleRender extends Error {
  public constructor(public readonly differences: readonly string[]) {
    super(differences.join('; '));
    this.name = 'NonReproducibleRender';
  }
}

/** Bumped when what is cached changes shape, or what a cached render promises (2: its values passed `check`). */
const CACHE_FORMAT = 2;

const versions = new Map<string, string>();

/** The binary's version (`v4.1.4`), cached by its path, size and modification time. */
function helmVersion(binary: string, disk: DiskCache): string {
  const stat = fs.statSync(binary);
  const id = `${binary}\0${stat.size}\0${stat.mtimeMs}`;
  const known = versions.get(id);
  if (known) return known;
  const file = path.join(disk.dir('helm-render'), `version-${sha256(id)}.txt`);
  let version = disk.readText(file);
  if (version === undefined) {
    const r = spawnSync(binary, ['version', '--template', '{{ .Version }}'], { encoding: 'utf8', env: helmEnv() });
    if (r.status !== 0 || !r.stdout.trim())
      throw new HelmTemplateFailed(`${binary} version failed: ${(r.stderr || String(r.error ?? '')).trim()}`);
    version = r.stdout.trim();
    disk.write(file, version);
  }
  versions.set(id, version);
  return version;
}

/** Helm's settings folders, away from the user's: a render reads no repository, plugin or registry login. */
function helmEnv(): NodeJS.ProcessEnv {
  // Helm's own folders, not a cache of Berth's: there whichever disk cache a render uses.
  const home = FS_DISK_CACHE.dir('helm-home');
  return {
    ...process.env,
    HELM_CACHE_HOME: path.join(home, 'cache'),
    HELM_CONFIG_HOME: path.join(home, 'config'),
    HELM_DATA_HOME: path.join(home, 'data'),
  };
}

/** The arguments of `helm template` (also shown by the bench, which runs the same command). */
export function helmTemplateArgs(input: HelmRenderInput, valuesFile: string): string[] {
  return [
    'template',
    input.release,
    input.source.file,
    '--namespace',
    input.namespace,
    '--include-crds',
    '--kube-version',
    input.kubeVersion,
    '-f',
    valuesFile,
  ];
}

function runTemplate(binary: string, input: HelmRenderInput, valuesFile: string): string {
  const r = spawnSync(binary, helmTemplateArgs(input, valuesFile), {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: helmEnv(),
  });
  if (r.error) throw new HelmTemplateFailed(`${binary} could not run: ${r.error.message}`);
  if (r.status !== 0) {
    // Helm's advice to rerun it with --debug is not for someone running berth.
    const message = (r.stderr || r.stdout)
      .split('\n')
      .filter((l) => l.trim() && !l.includes('--debug'))
      .join('\n');
    throw new HelmTemplateFailed(message || `exit code ${r.status}`);
  }
  return r.stdout;
}

/**
 * The objects of a `helm template` output, read as kubectl reads them (YAML 1.1: `on` is true);
 * empty documents (templates that render nothing) dropped.
 */
function parseRender(text: string): KubeObject[] {
  return yamlLibrary()
    .parseAllDocuments(text, { version: '1.1' })
    .map((d) => d.toJS({ maxAliasCount: 100 }) as unknown)
    .filter((o): o is KubeObject => typeof o === 'object' && o !== null && !Array.isArray(o));
}

/**
 * Renders the chart with the Helm binary, or reads the objects from the render cache
 * (`node_modules/.cache/berth/helm-render/`, keyed by the chart's bytes, the values, release,
 * namespace, Kubernetes version and Helm's version). Without a cached render the chart is
 * rendered twice: two renders that differ (a random password, a generated certificate) fail
 * with the fields, since every synth would then write other output. `disk` is the cache
 * (lib/perf); a `VendoredChart` renders when it is constructed, before any synth and its
 * machinery exist, so it uses the files on disk.
 */
export function renderChart(
  input: HelmRenderInput,
  disk: DiskCache = FS_DISK_CACHE,
): { readonly objects: KubeObject[]; readonly cached: boolean } {
  const binary = findHelmBinary();
  const key = sha256(
    canonicalJson({
      format: CACHE_FORMAT,
      chart: input.source.contentHash,
      values: input.values,
      release: input.release,
      namespace: input.namespace,
      kubeVersion: input.kubeVersion,
      helm: helmVersion(binary, disk),
    }),
  );
  const file = path.join(disk.dir('helm-render'), `${key}.json`);
  const hit = disk.readText(file);
  if (hit !== undefined) {
    try {
      return { objects: JSON.parse(hit) as KubeObject[], cached: true };
    } catch {
      // A damaged entry: render again.
    }
  }
  input.check?.();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-helm-'));
  let first: string;
  let second: string;
  try {
    const valuesFile = path.join(dir, 'values.json');
    fs.writeFileSync(valuesFile, JSON.stringify(input.values));
    first = runTemplate(binary, input, valuesFile);
    second = runTemplate(binary, input, valuesFile);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const parsed = parseRender(first);
  if (first !== second) throw new NonReproducibleRender(differences(parsed, parseRender(second)));
  const text = JSON.stringify(parsed);
  disk.write(file, text);
  // JSON data, as a cached render is: YAML 1.1 reads `2024-01-01` as a Date, which JSON writes
  // as its ISO string; so a render is the same objects whether cached or not.
  return { objects: JSON.parse(text) as KubeObject[], cached: false };
}

function objectKey(o: KubeObject): string {
  const ns = o.metadata?.namespace;
  return `${o.kind}/${ns ? `${ns}/` : ''}${o.metadata?.name ?? ''}`;
}

/** `Secret/ns/name: data.password, data.root-password`, per object whose two renders differ. */
function differences(a: readonly KubeObject[], b: readonly KubeObject[]): string[] {
  const other = new Map(b.map((o) => [objectKey(o), o]));
  const out: string[] = [];
  for (const o of a) {
    const fields: string[] = [];
    fieldDifferences(o, other.get(objectKey(o)), '', fields);
    if (fields.length > 0) out.push(`${objectKey(o)}: ${fields.join(', ')}`);
  }
  return out.length > 0 ? out : ['the objects themselves (their number or names)'];
}

function fieldDifferences(a: unknown, b: unknown, at: string, out: string[]): void {
  if (canonicalJson(a) === canonicalJson(b)) return;
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && !Array.isArray(a)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys)
      fieldDifferences(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        at ? `${at}.${k}` : k,
        out,
      );
    return;
  }
  out.push(at || '(the whole object)');
}
