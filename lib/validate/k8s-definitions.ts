import * as fs from 'fs';
import * as path from 'path';
import { JsonSchema } from '../core/kind-registry';

/** The Kubernetes version whose OpenAPI definitions Berth validates against. */
export const K8S_SCHEMA_VERSION = 'v1.33.0';

/** The swagger 2 definitions of the Kubernetes API and an index of the kinds they define. */
export interface K8sDefinitions {
  readonly definitions: Readonly<Record<string, JsonSchema>>;
  /** `apiVersion/kind` → definition name. */
  readonly kinds: ReadonlyMap<string, string>;
}

let cached: K8sDefinitions | undefined;

/**
 * The folder of the `package.json` named `berth` at or above `start` (works from `lib/` under
 * ts-jest and from `build/lib/` when compiled).
 */
export function findPackageRoot(start: string = __dirname): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    try {
      if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'berth') return dir;
    } catch {
      // an unreadable package.json is not ours; keep walking
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Loads (once) the Kubernetes definitions shipped in `schemas/k8s/<version>/_definitions.json`. */
export function k8sDefinitions(): K8sDefinitions {
  if (cached) return cached;
  const root = findPackageRoot() ?? findPackageRoot(process.cwd());
  if (!root) throw new Error(`cannot find the berth package root above ${__dirname}; the Kubernetes schemas live in schemas/k8s/${K8S_SCHEMA_VERSION}/_definitions.json`);
  const file = path.join(root, 'schemas', 'k8s', K8S_SCHEMA_VERSION, '_definitions.json');
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { definitions: Record<string, JsonSchema> };
  const kinds = new Map<string, string>();
  for (const [name, def] of Object.entries(doc.definitions)) {
    const gvks = def['x-kubernetes-group-version-kind'];
    if (!Array.isArray(gvks) || !def.properties) continue;
    for (const g of gvks as { group: string; version: string; kind: string }[]) {
      const apiVersion = g.group ? `${g.group}/${g.version}` : g.version;
      // Prefer the definition of the kind's own group (List and meta kinds are registered under many).
      if (!kinds.has(`${apiVersion}/${g.kind}`) || name.endsWith(`.${g.kind}`)) kinds.set(`${apiVersion}/${g.kind}`, name);
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
