/**
 * Builds the module IR of one API group from its CRDs: for each CRD, a class named after the
 * kind for the storage version, and `<Kind><Version>` for every served version; nested object
 * types are named `<Class prefix><PropPath>` and shared when structurally identical.
 */
import { sha256 } from '../model/canonical-json';
import { DeclarationIR, KindIR, ModuleIR, PropertyIR } from './ir';
import { compareVersionPreference, pascalCase } from './names';
import { isObject, normalizeSchema, SchemaNode } from './normalize';
import { docsOf, SchemaTypeMapper, TypeNamer } from './schema-to-ir';
import { compareStrings } from '../model/compare-strings';

/** A CRD of the module with the input it came from. */
export interface CrdEntry {
  readonly source: string;
  readonly crd: SchemaNode;
}

interface VersionInfo {
  readonly name: string;
  readonly served: boolean;
  readonly storage: boolean;
  readonly deprecated?: string;
  readonly schema: SchemaNode;
}

interface PlannedClass {
  readonly className: string;
  readonly prefix: string;
  readonly version: VersionInfo;
  /** Set when this class has the same props as another class (props become an alias). */
  readonly sameAs?: string;
}

export function crdModuleIR(group: string, entries: readonly CrdEntry[], runtimeModule: string): ModuleIR {
  const sorted = [...entries].sort((a, b) => compareStrings(kindOf(a.crd), kindOf(b.crd)));
  const plans = sorted.map((e) => ({ entry: e, classes: planClasses(e.crd) }));
  const namer = new TypeNamer(plans.flatMap((p) => p.classes.flatMap((c) => [c.className, `${c.className}Props`])));
  const mapper = new SchemaTypeMapper({ resolveRef: () => ({ kind: 'primitive', name: 'unknown' }) }, namer);
  const declarations: DeclarationIR[] = [];
  const kinds: KindIR[] = [];
  const constants = new Map<string, string>();

  for (const { entry, classes } of plans) {
    const spec = entry.crd.spec as SchemaNode;
    const kind = kindOf(entry.crd);
    const namespaced = spec.scope === 'Namespaced' ? true : spec.scope === 'Cluster' ? false : undefined;
    for (const c of classes) {
      const apiVersion = `${group}/${c.version.name}`;
      const json = JSON.stringify(c.version.schema);
      let constantName = constants.get(json);
      if (!constantName) {
        constantName = `SCHEMA_JSON_${constants.size}`;
        constants.set(json, constantName);
      }
      const propsName = `${c.className}Props`;
      const root = normalizeSchema(c.version.schema);
      const docs = { ...docsOf(root), deprecated: c.version.deprecated };
      let propsRequired: boolean;
      if (c.sameAs) {
        declarations.push({
          kind: 'alias',
          name: propsName,
          docs: { description: `Props of \`${c.className}\` (the same as \`${c.sameAs}Props\`).` },
          type: { kind: 'named', name: `${c.sameAs}Props` },
        });
        propsRequired = requiredProps(root);
      } else {
        const fill = namer.slot();
        const properties = mapper
          .propertiesOf(root, c.prefix, [])
          .filter((p) => p.name !== 'apiVersion' && p.name !== 'kind' && p.name !== 'metadata');
        const metadata: PropertyIR = {
          name: 'metadata',
          type: { kind: 'named', name: 'ApiObjectMetadata', imported: true },
          optional: true,
          docs: { description: 'Standard object metadata.' },
        };
        fill({
          kind: 'interface',
          name: propsName,
          docs: { description: `Props of \`${c.className}\` (${apiVersion} ${kind}).` },
          properties: [metadata, ...properties],
        });
        propsRequired = properties.some((p) => !p.optional);
        declarations.push(...namer.declarations.splice(0));
      }
      kinds.push({
        className: c.className,
        propsName,
        apiVersion,
        kind,
        docs,
        propsRequired,
        hasMetadata: true,
        register: c.sameAs === undefined,
        sameAs: c.sameAs,
        namespaced,
        source: entry.source,
        schema: { dialect: 'crd-openapi-v3', constantName, hash: sha256(json) },
      });
    }
  }
  return {
    fileName: `${group}.ts`,
    command: 'berth import',
    inputs: [...new Set(sorted.map((e) => e.source))].sort(),
    runtimeModule,
    importsApiObjectMetadata: true,
    declarations,
    kinds,
    schemaConstants: [...constants].map(([json, name]) => ({ name, json })),
  };
}

/** The classes of one CRD: the storage version as `Kind`, then every served version as `<Kind><Version>`. */
function planClasses(crd: SchemaNode): PlannedClass[] {
  const kind = kindOf(crd);
  const versions = versionsOf(crd);
  const storage = versions.find((v) => v.storage) ?? versions.find((v) => v.served) ?? versions[0];
  const served = versions.filter((v) => v.served).sort((a, b) => compareVersionPreference(a.name, b.name));
  const classes: PlannedClass[] = [{ className: kind, prefix: kind, version: storage }];
  for (const v of served) {
    const className = `${kind}${pascalCase(v.name)}`;
    classes.push(
      v === storage
        ? { className, prefix: kind, version: v, sameAs: kind }
        : { className, prefix: className, version: v },
    );
  }
  return classes;
}

function versionsOf(crd: SchemaNode): VersionInfo[] {
  const spec = crd.spec as SchemaNode;
  return (spec.versions as SchemaNode[]).map((v) => ({
    name: v.name as string,
    served: v.served !== false,
    storage: v.storage === true,
    deprecated:
      v.deprecated === true
        ? typeof v.deprecationWarning === 'string'
          ? v.deprecationWarning
          : 'This version is deprecated.'
        : undefined,
    schema: (v.schema as SchemaNode).openAPIV3Schema as SchemaNode,
  }));
}

function requiredProps(root: SchemaNode): boolean {
  const req = Array.isArray(root.required) ? root.required : [];
  return req.some((r) => r !== 'apiVersion' && r !== 'kind' && r !== 'metadata');
}

export function kindOf(crd: SchemaNode): string {
  const spec = crd.spec as SchemaNode;
  return (isObject(spec.names) ? spec.names.kind : '') as string;
}
