import * as fs from 'fs';
import * as path from 'path';
import { findPackageRoot } from '../import/package-root';
import { crdVersionSchemas, CrdVersionSchema } from './crd-schemas';

/**
 * The CRDs Berth ships (`schemas/crds/`, see its SOURCES.md): those of the custom kinds its own
 * constructs emit (Argo CD Applications, the VolumeSnapshot family) and of their families. Their
 * schemas are known to validation in any repository, so `berth validate` of synth's output needs
 * no copy of them in the project's `crds/`. A file is read only when an object of one of its
 * kinds is validated and no CRD given to the run defines it.
 */
export const BUILTIN_CRDS: Readonly<Record<string, string>> = {
  'argoproj.io/v1alpha1/Application': 'argoproj.io_applications.yaml',
  'argoproj.io/v1alpha1/ApplicationSet': 'argoproj.io_applicationsets.yaml',
  'argoproj.io/v1alpha1/AppProject': 'argoproj.io_appprojects.yaml',
  'snapshot.storage.k8s.io/v1/VolumeSnapshot': 'snapshot.storage.k8s.io_volumesnapshots.yaml',
  'snapshot.storage.k8s.io/v1/VolumeSnapshotClass': 'snapshot.storage.k8s.io_volumesnapshotclasses.yaml',
  'snapshot.storage.k8s.io/v1/VolumeSnapshotContent': 'snapshot.storage.k8s.io_volumesnapshotcontents.yaml',
};

/** The folder of the CRDs Berth ships, for messages and documentation. */
export function builtinCrdDir(): string {
  const root = findPackageRoot(__dirname);
  if (!root) throw new Error(`cannot find the berth package root above ${__dirname}; its CRDs live in schemas/crds/`);
  return path.join(root, 'schemas', 'crds');
}

/** Parsed files, by name: a fact about the package, the same in every run. */
const loaded = new Map<string, readonly CrdVersionSchema[]>();

/** The schema of `apiVersion`/`kind` from the CRDs Berth ships, or undefined when it ships none. */
export function builtinCrdSchema(apiVersion: string, kind: string): CrdVersionSchema | undefined {
  const key = `${apiVersion}/${kind}`;
  const file = Object.prototype.hasOwnProperty.call(BUILTIN_CRDS, key) ? BUILTIN_CRDS[key] : undefined;
  if (file === undefined) return undefined;
  let versions = loaded.get(file);
  if (!versions) {
    const { parse } = require('yaml') as typeof import('yaml');
    const text = fs.readFileSync(path.join(builtinCrdDir(), file), 'utf8');
    versions = crdVersionSchemas(parse(text, { maxAliasCount: -1 }) as unknown).map((v) => ({
      ...v,
      source: `${v.source} (shipped with Berth: schemas/crds/${file})`,
    }));
    loaded.set(file, versions);
  }
  return versions.find((v) => v.apiVersion === apiVersion && v.kind === kind);
}
