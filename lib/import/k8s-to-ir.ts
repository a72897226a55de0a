/**
 * Builds the module IR of the Kubernetes API from swagger `definitions`: every definition
 * becomes a named type (interface or alias), every kind a class.
 */
import { AliasIR, DeclarationIR, InterfaceIR, KindIR, ModuleIR, t, TypeRef } from './ir';
import { nameDefinitions } from './k8s-naming';
import { isObject, normalizeSchema, SchemaNode } from './normalize';
import { docsOf, SchemaTypeMapper, TypeNamer } from './schema-to-ir';

export const K8S_SCHEMA_EXPORT = 'K8S_DEFINITIONS_JSON';
export const K8S_SOURCE = 'berth import k8s';

/** Definitions whose type is fixed by name rather than by their schema. */
const FIXED_ALIASES: Readonly<Record<string, TypeRef>> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { kind: 'union', members: [t.number, t.string] },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { kind: 'union', members: [t.number, t.string] },
};

interface Gvk {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/** The group-version-kind of a definition that is a kind, else undefined. */
export function kindOf(def: unknown): Gvk | undefined {
  if (!isObject(def)) return undefined;
  const gvks = def['x-kubernetes-group-version-kind'];
  const props = isObject(def.properties) ? def.properties : {};
  if (!Array.isArray(gvks) || gvks.length !== 1 || !('apiVersion' in props) || !('kind' in props)) {
    return undefined;
  }
  const g = gvks[0] as Partial<Gvk>;
  if (typeof g.version !== 'string' || typeof g.kind !== 'string') return undefined;
  return { group: typeof g.group === 'string' ? g.group : '', version: g.version, kind: g.kind };
}

/** The definitions of an older Kubernetes version, to mark what the input added since. */
export interface K8sHistory {
  /** The version of the input itself, e.g. `1.36`. */
  readonly version: string;
  /** Older versions' definitions, oldest first: what the oldest has is not marked. */
  readonly older: readonly { readonly version: string; readonly definitions: Readonly<Record<string, unknown>> }[];
}

/** The first version in `history` (the input's own last) whose definition `id` has property `prop` (or exists). */
function sinceOf(history: K8sHistory, id: string, prop?: string): string | undefined {
  const has = (defs: Readonly<Record<string, unknown>>): boolean => {
    const def = defs[id];
    if (!isObject(def)) return false;
    return prop === undefined || (isObject(def.properties) && prop in def.properties);
  };
  const [oldest, ...rest] = history.older;
  if (oldest === undefined || has(oldest.definitions)) return undefined;
  return rest.find((v) => has(v.definitions))?.version ?? history.version;
}

/** `decl`, and the docs of its properties, marked with the version that added them. */
function marked(decl: InterfaceIR, id: string, history: K8sHistory | undefined): InterfaceIR {
  if (!history) return decl;
  const since = sinceOf(history, id);
  return {
    ...decl,
    docs: since ? { ...decl.docs, since } : decl.docs,
    properties: decl.properties.map((p) => {
      const v = since ?? sinceOf(history, id, p.name);
      return v && !since ? { ...p, docs: { ...p.docs, since: v } } : p;
    }),
  };
}

export function k8sModuleIR(
  definitions: Readonly<Record<string, unknown>>,
  inputName: string,
  runtimeModule: string,
  history?: K8sHistory,
): ModuleIR {
  const ids = Object.keys(definitions).sort();
  const names = nameDefinitions(ids, (id) => kindOf(definitions[id]) !== undefined);
  const namer = new TypeNamer([...names.values()].flatMap((n) => [n, `${n}Props`]));
  const mapper = new SchemaTypeMapper(
    {
      resolveRef: (ref) => {
        const id = ref.replace(/^#\/definitions\//, '');
        const name = names.get(id);
        return name ? t.named(name) : t.unknown;
      },
    },
    namer,
  );

  const declarations: DeclarationIR[] = [];
  const kinds: KindIR[] = [];
  for (const id of ids) {
    const name = names.get(id) as string;
    const def = normalizeSchema(definitions[id]);
    const gvk = kindOf(def);
    if (gvk) {
      const apiVersion = gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`;
      const props = mapper.propertiesOf(def, name, []).filter((p) => p.name !== 'apiVersion' && p.name !== 'kind');
      const propsName = `${name}Props`;
      declarations.push(
        marked(
          {
            kind: 'interface',
            name: propsName,
            docs: { description: `Props of \`${name}\` (${apiVersion} ${gvk.kind}).` },
            properties: props,
          },
          id,
          history,
        ),
      );
      const kindSince = history ? sinceOf(history, id) : undefined;
      kinds.push({
        className: name,
        propsName,
        apiVersion,
        kind: gvk.kind,
        docs: kindSince ? { ...docsOf(def), since: kindSince } : docsOf(def),
        propsRequired: props.some((p) => !p.optional),
        hasMetadata: props.some((p) => p.name === 'metadata'),
        register: true,
        source: K8S_SOURCE,
        schema: { dialect: 'swagger-definitions', definitionName: id },
      });
    } else {
      const decl = typeDeclaration(id, name, def, mapper);
      declarations.push(decl.kind === 'interface' ? marked(decl, id, history) : decl);
    }
    declarations.push(...namer.declarations.splice(0));
  }
  return {
    fileName: 'k8s.ts',
    command: K8S_SOURCE,
    inputs: [inputName],
    runtimeModule,
    importsApiObjectMetadata: false,
    declarations,
    kinds,
    schemaConstants: [],
    definitionsModule: { path: './k8s.schema', exportName: K8S_SCHEMA_EXPORT },
  };
}

function typeDeclaration(id: string, name: string, def: SchemaNode, mapper: SchemaTypeMapper): DeclarationIR {
  const fixed = FIXED_ALIASES[id];
  if (fixed) {
    return { kind: 'alias', name, docs: docsOf(def), type: fixed };
  }
  const hasProperties = isObject(def.properties) && Object.keys(def.properties).length > 0;
  if (hasProperties) {
    return mapper.interfaceOf(def, name, name, []);
  }
  const alias: AliasIR = { kind: 'alias', name, docs: docsOf(def), type: mapper.typeOf(def, name, []) };
  return alias;
}
