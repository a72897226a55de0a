"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.K8S_SOURCE = exports.K8S_SCHEMA_EXPORT = void 0;
exports.kindOf = kindOf;
exports.k8sModuleIR = k8sModuleIR;
/**
 * Builds the module IR of the Kubernetes API from swagger `definitions`: every definition
 * becomes a named type (interface or alias), every kind a class.
 */
const ir_1 = require("./ir");
const k8s_naming_1 = require("./k8s-naming");
const normalize_1 = require("./normalize");
const schema_to_ir_1 = require("./schema-to-ir");
exports.K8S_SCHEMA_EXPORT = 'K8S_DEFINITIONS_JSON';
exports.K8S_SOURCE = 'berth import k8s';
/** Definitions whose type is fixed by name rather than by their schema. */
const FIXED_ALIASES = {
    'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { kind: 'union', members: [ir_1.t.number, ir_1.t.string] },
    'io.k8s.apimachinery.pkg.api.resource.Quantity': { kind: 'union', members: [ir_1.t.number, ir_1.t.string] },
};
/** The group-version-kind of a definition that is a kind, else undefined. */
function kindOf(def) {
    if (!(0, normalize_1.isObject)(def))
        return undefined;
    const gvks = def['x-kubernetes-group-version-kind'];
    const props = (0, normalize_1.isObject)(def.properties) ? def.properties : {};
    if (!Array.isArray(gvks) || gvks.length !== 1 || !('apiVersion' in props) || !('kind' in props)) {
        return undefined;
    }
    const g = gvks[0];
    if (typeof g.version !== 'string' || typeof g.kind !== 'string')
        return undefined;
    return { group: typeof g.group === 'string' ? g.group : '', version: g.version, kind: g.kind };
}
function k8sModuleIR(definitions, inputName, runtimeModule) {
    const ids = Object.keys(definitions).sort();
    const names = (0, k8s_naming_1.nameDefinitions)(ids, (id) => kindOf(definitions[id]) !== undefined);
    const namer = new schema_to_ir_1.TypeNamer([...names.values()].flatMap((n) => [n, `${n}Props`]));
    const mapper = new schema_to_ir_1.SchemaTypeMapper({
        resolveRef: (ref) => {
            const id = ref.replace(/^#\/definitions\//, '');
            const name = names.get(id);
            return name ? ir_1.t.named(name) : ir_1.t.unknown;
        },
    }, namer);
    const declarations = [];
    const kinds = [];
    for (const id of ids) {
        const name = names.get(id);
        const def = (0, normalize_1.normalizeSchema)(definitions[id]);
        const gvk = kindOf(def);
        if (gvk) {
            const apiVersion = gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`;
            const props = mapper.propertiesOf(def, name, []).filter((p) => p.name !== 'apiVersion' && p.name !== 'kind');
            const propsName = `${name}Props`;
            declarations.push({ kind: 'interface', name: propsName, docs: { description: `Props of \`${name}\` (${apiVersion} ${gvk.kind}).` }, properties: props });
            kinds.push({
                className: name,
                propsName,
                apiVersion,
                kind: gvk.kind,
                docs: (0, schema_to_ir_1.docsOf)(def),
                propsRequired: props.some((p) => !p.optional),
                hasMetadata: props.some((p) => p.name === 'metadata'),
                register: true,
                source: exports.K8S_SOURCE,
                schema: { dialect: 'swagger-definitions', definitionName: id },
            });
        }
        else {
            declarations.push(typeDeclaration(id, name, def, mapper));
        }
        declarations.push(...namer.declarations.splice(0));
    }
    return {
        fileName: 'k8s.ts',
        command: exports.K8S_SOURCE,
        inputs: [inputName],
        runtimeModule,
        importsApiObjectMetadata: false,
        declarations,
        kinds,
        schemaConstants: [],
        definitionsModule: { path: './k8s.schema', exportName: exports.K8S_SCHEMA_EXPORT },
    };
}
function typeDeclaration(id, name, def, mapper) {
    const fixed = FIXED_ALIASES[id];
    if (fixed) {
        return { kind: 'alias', name, docs: (0, schema_to_ir_1.docsOf)(def), type: fixed };
    }
    const hasProperties = (0, normalize_1.isObject)(def.properties) && Object.keys(def.properties).length > 0;
    if (hasProperties) {
        return mapper.interfaceOf(def, name, name, []);
    }
    const alias = { kind: 'alias', name, docs: (0, schema_to_ir_1.docsOf)(def), type: mapper.typeOf(def, name, []) };
    return alias;
}
