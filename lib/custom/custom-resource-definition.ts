import * as fs from 'fs';
import { Construct } from 'constructs';
import { ApiResource } from '../core/api-resource';
import { yamlLibrary } from '../yaml/yaml-library';
import { parseYamlCached } from '../yaml/parsed-yaml-cache';
import { FS_DISK_CACHE } from '../perf/speedups';
import { InvalidInputError } from '../core/invalid-input-error';

/** Props of {@link CustomResourceDefinitions}. */
export interface CustomResourceDefinitionsProps {
  /** The CRD YAML file (multi-document files and `List`s are fine). */
  readonly file: string;
}

/**
 * The CustomResourceDefinitions of a YAML file, as objects of the app: an operator's app owns
 * its CRDs, which synth applies first (and the Helm chart puts in `crds/`). Custom resources
 * that `dependsOn` them are applied after them.
 *
 * @example
 * import { Platform, Environment, Application, CustomResourceDefinitions } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'snapshots');
 * new CustomResourceDefinitions(app, 'Crds', { file: 'crds/snapshot.storage.k8s.io_volumesnapshots.yaml' });
 */
export class CustomResourceDefinitions extends Construct {
  /** The names of the CRDs (`<plural>.<group>`), in file order. */
  public readonly names: readonly string[];

  public constructor(scope: Construct, id: string, props: CustomResourceDefinitionsProps) {
    super(scope, id);
    let text: string;
    try {
      text = fs.readFileSync(props.file, 'utf8');
    } catch (e) {
      throw new InvalidInputError(
        this.node.path,
        'file',
        props.file,
        `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        'the path of a readable CRD YAML file',
        `Fix the path (relative paths are resolved from ${process.cwd()}).`,
      );
    }
    const crds: Record<string, unknown>[] = [];
    const docs = parseYamlCached(
      'crds/yaml-1.2',
      text,
      () =>
        yamlLibrary()
          .parseAllDocuments(text)
          .map((doc, i) => {
            if (doc.errors.length > 0) {
              throw new InvalidInputError(
                this.node.path,
                'file',
                props.file,
                `document ${i} is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`,
                'a YAML file of CustomResourceDefinitions',
                'Fix the YAML, or point to the CRD file as published by its project.',
              );
            }
            return { value: doc.toJS() as unknown, line: 0 };
          }),
      FS_DISK_CACHE,
    );
    for (const { value } of docs) {
      const doc = value as Record<string, unknown> | null;
      const items =
        doc?.kind === 'List' && Array.isArray(doc.items) ? (doc.items as Record<string, unknown>[]) : doc ? [doc] : [];
      for (const item of items) {
        if (item.kind === 'CustomResourceDefinition') crds.push(item);
      }
    }
    if (crds.length === 0) {
      throw new InvalidInputError(
        this.node.path,
        'file',
        props.file,
        'the file holds no CustomResourceDefinition',
        'a file of apiextensions.k8s.io/v1 CustomResourceDefinitions',
        'Pass the CRD file, not a file of custom resources.',
      );
    }
    const names: string[] = [];
    for (const crd of crds) {
      const metadata = (crd.metadata ?? {}) as Record<string, unknown>;
      const name = String(metadata.name ?? '');
      names.push(name);
      const { apiVersion, kind, status: _status, ...body } = crd;
      new ApiResource(
        this,
        name,
        { apiVersion: String(apiVersion), kind: String(kind) },
        {
          ...body,
          // Keep the CRD's own name and annotations; drop server-set fields.
          metadata: {
            name,
            ...(metadata.annotations ? { annotations: metadata.annotations } : {}),
            ...(metadata.labels ? { labels: metadata.labels } : {}),
          },
        },
      );
    }
    this.names = names;
  }
}
