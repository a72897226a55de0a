import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { cacheDir, readCacheFile, writeCacheFile } from '../perf/cache-dir';
import { JsonSchema } from '../core/kind-registry';
import { findPackageRoot } from '../import/package-root';

import { K8S_SCHEMA_VERSION } from '../model/k8s-version';

export { K8S_SCHEMA_VERSION };

/** The swagger 2 definitions of the Kubernetes API and an index of the kinds they define. */
export interface K8sDefinitions {
  readonly definitions: Readonly<Record<string, JsonSchema>>;
  /** `apiVersion/kind` → definition name. */
  readonly kinds: ReadonlyMap<string, string>;
}

let cached: K8sDefinitions | undefined;

let definitionsHash: string | undefined;
let cachedKinds: ReadonlyMap<string, string> | undefined;

function definitionsFile(): string {
  const root = findPackageRoot(__dirname) ?? findPackageRoot(process.cwd());
  if (!root)
    throw new Error(
      `cannot find the berth package root above ${__dirname}; the Kubernetes schemas live in schemas/k8s/${K8S_SCHEMA_VERSION}/_definitions.json`,
    );
  return path.join(root, 'schemas', 'k8s', K8S_SCHEMA_VERSION, '_definitions.json');
}

/**
 * A hash of the shipped definitions file: a cache key for what is derived from it. The file's
 * text is not kept (1.3 MB); the rare run that needs the definitions themselves reads it again.
 */
export function k8sDefinitionsHash(): string {
  if (!definitionsHash) definitionsHash = createHash('sha256').update(fs.readFileSync(definitionsFile())).digest('hex');
  return definitionsHash;
}

/**
 * `apiVersion/kind` → definition name, without parsing the definitions when an index derived
 * from the same file is cached (`node_modules/.cache/berth/k8s-kinds/`).
 */
export function k8sKinds(): ReadonlyMap<string, string> {
  if (cachedKinds) return cachedKinds;
  if (cached) return (cachedKinds = cached.kinds);
  const file = path.join(cacheDir('k8s-kinds', __dirname), `${k8sDefinitionsHash()}.json`);
  try {
    const hit = readCacheFile(file);
    if (hit === undefined) throw new Error('not cached');
    cachedKinds = new Map(JSON.parse(hit) as [string, string][]);
  } catch {
    cachedKinds = k8sDefinitions().kinds;
    writeCacheFile(file, JSON.stringify([...cachedKinds]));
  }
  return cachedKinds;
}

/** Loads (once) the Kubernetes definitions shipped in `schemas/k8s/<version>/_definitions.json`. */
export function k8sDefinitions(): K8sDefinitions {
  if (cached) return cached;
  const doc = JSON.parse(fs.readFileSync(definitionsFile(), 'utf8')) as { definitions: Record<string, JsonSchema> };
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
  cached = { definitions: doc.definitions, kinds };
  return cached;
}

/** The definition name of ObjectMeta. */
export const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
/** The definition name of Quantity. */
export const QUANTITY_DEF = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
/** The definition name of IntOrString. */
export const INT_OR_STRING_DEF = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
