import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import type { DiskCache } from '../perf/interfaces';
import { FS_DISK_CACHE } from '../perf/speedups';
import { JsonSchema } from '../core/kind-registry';
import { findPackageRoot } from '../import/package-root';
import { DEFAULT_K8S_VERSION, KubernetesVersion } from '../model/kubernetes-version';

export { DEFAULT_K8S_VERSION, isKubernetesVersion, K8S_VERSIONS, KubernetesVersion } from '../model/kubernetes-version';

/** The Kubernetes version whose OpenAPI definitions Berth validates against by default. */
export const K8S_SCHEMA_VERSION = `v${DEFAULT_K8S_VERSION}.0`;

/** The swagger 2 definitions of the Kubernetes API and an index of the kinds they define. */
export interface K8sDefinitions {
  readonly definitions: Readonly<Record<string, JsonSchema>>;
  /** `apiVersion/kind` → definition name. */
  readonly kinds: ReadonlyMap<string, string>;
}

/** What is derived from one version's file, kept for the process (pure memoization). */
interface VersionState {
  definitions?: K8sDefinitions;
  hash?: string;
  kinds?: ReadonlyMap<string, string>;
}

const states = new Map<KubernetesVersion, VersionState>();

function stateOf(version: KubernetesVersion): VersionState {
  let s = states.get(version);
  if (!s) states.set(version, (s = {}));
  return s;
}

/**
 * The shipped definitions file of `version`: `_definitions.json`, or `_definitions.json.gz` for
 * the versions shipped compressed (all but the default).
 */
export function k8sDefinitionsFile(version: KubernetesVersion = DEFAULT_K8S_VERSION): string {
  const root = findPackageRoot(__dirname) ?? findPackageRoot(process.cwd());
  const dir = `v${version}.0`;
  if (!root)
    throw new Error(
      `cannot find the berth package root above ${__dirname}; the Kubernetes schemas live in schemas/k8s/${dir}/`,
    );
  const plain = path.join(root, 'schemas', 'k8s', dir, '_definitions.json');
  return fs.existsSync(plain) ? plain : `${plain}.gz`;
}

/** The bytes of the definitions of `version`, uncompressed. */
export function k8sDefinitionsBytes(version: KubernetesVersion = DEFAULT_K8S_VERSION): Buffer {
  const file = k8sDefinitionsFile(version);
  const bytes = fs.readFileSync(file);
  return file.endsWith('.gz') ? zlib.gunzipSync(bytes) : bytes;
}

/**
 * A hash of the shipped definitions file: a cache key for what is derived from it. The file's
 * text is not kept (1.3 MB); the rare run that needs the definitions themselves reads it again.
 */
export function k8sDefinitionsHash(version: KubernetesVersion = DEFAULT_K8S_VERSION): string {
  const s = stateOf(version);
  if (!s.hash)
    s.hash = createHash('sha256')
      .update(fs.readFileSync(k8sDefinitionsFile(version)))
      .digest('hex');
  return s.hash;
}

/**
 * `apiVersion/kind` → definition name, without parsing the definitions when an index derived
 * from the same file is cached (`node_modules/.cache/berth/k8s-kinds/`).
 */
export function k8sKinds(
  version: KubernetesVersion = DEFAULT_K8S_VERSION,
  disk: DiskCache = FS_DISK_CACHE,
): ReadonlyMap<string, string> {
  const s = stateOf(version);
  if (s.kinds) return s.kinds;
  if (s.definitions) return (s.kinds = s.definitions.kinds);
  const file = path.join(disk.dir('k8s-kinds', __dirname), `${k8sDefinitionsHash(version)}.json`);
  try {
    const hit = disk.readText(file);
    if (hit === undefined) throw new Error('not cached');
    s.kinds = new Map(JSON.parse(hit) as [string, string][]);
  } catch {
    s.kinds = k8sDefinitions(version).kinds;
    disk.write(file, JSON.stringify([...s.kinds]));
  }
  return s.kinds;
}

/** Loads (once) the Kubernetes definitions shipped in `schemas/k8s/v<version>.0/`. */
export function k8sDefinitions(version: KubernetesVersion = DEFAULT_K8S_VERSION): K8sDefinitions {
  const s = stateOf(version);
  if (s.definitions) return s.definitions;
  const doc = JSON.parse(k8sDefinitionsBytes(version).toString('utf8')) as {
    definitions: Record<string, JsonSchema>;
  };
  const kinds = new Map<string, string>();
  for (const [name, def] of Object.entries(doc.definitions)) {
    const gvks = def['x-kubernetes-group-version-kind'];
    if (!Array.isArray(gvks) || !def.properties) continue;
    for (const g of gvks as { group: string; version: string; kind: string }[]) {
      const apiVersion = g.group ? `${g.group}/${g.version}` : g.version;
      // Prefer the definition of the kind's own group (List and meta kinds are registered under many).
      if (!kinds.has(`${apiVersion}/${g.kind}`) || name.endsWith(`.${g.kind}`))
        kinds.set(`${apiVersion}/${g.kind}`, name);
    }
  }
  s.definitions = { definitions: doc.definitions, kinds };
  return s.definitions;
}

/** The definition name of ObjectMeta. */
export const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
/** The definition name of Quantity. */
export const QUANTITY_DEF = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
/** The definition name of IntOrString. */
export const INT_OR_STRING_DEF = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
