"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.crdModuleIR = crdModuleIR;
exports.kindOf = kindOf;
const names_1 = require("./names");
const normalize_1 = require("./normalize");
const schema_to_ir_1 = require("./schema-to-ir");
function crdModuleIR(group, entries, runtimeModule) {
    const sorted = [...entries].sort((a, b) => cmp(kindOf(a.crd), kindOf(b.crd)));
    const plans = sorted.map((e) => ({ entry: e, classes: planClasses(e.crd) }));
    const namer = new schema_to_ir_1.TypeNamer(plans.flatMap((p) => p.classes.flatMap((c) => [c.className, `${c.className}Props`])));
    const mapper = new schema_to_ir_1.SchemaTypeMapper({ resolveRef: () => ({ kind: 'primitive', name: 'unknown' }) }, namer);
    const declarations = [];
    const kinds = [];
    const constants = new Map();
    for (const { entry, classes } of plans) {
        const spec = entry.crd.spec;
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
            const root = (0, normalize_1.normalizeSchema)(c.version.schema);
            const docs = { ...(0, schema_to_ir_1.docsOf)(root), deprecated: c.version.deprecated };
            let propsRequired;
            if (c.sameAs) {
                declarations.push({ kind: 'alias', name: propsName, docs: { description: `Props of \`${c.className}\` (the same as \`${c.sameAs}Props\`).` }, type: { kind: 'named', name: `${c.sameAs}Props` } });
                propsRequired = requiredProps(root);
            }
            else {
                const fill = namer.slot();
                const properties = mapper.propertiesOf(root, c.prefix, [])
                    .filter((p) => p.name !== 'apiVersion' && p.name !== 'kind' && p.name !== 'metadata');
                const metadata = {
                    name: 'metadata',
                    type: { kind: 'named', name: 'ApiObjectMetadata', imported: true },
                    optional: true,
                    docs: { description: 'Standard object metadata.' },
                };
                fill({ kind: 'interface', name: propsName, docs: { description: `Props of \`${c.className}\` (${apiVersion} ${kind}).` }, properties: [metadata, ...properties] });
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
                namespaced,
                source: entry.source,
                schema: { dialect: 'crd-openapi-v3', constantName },
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
function planClasses(crd) {
    const kind = kindOf(crd);
    const versions = versionsOf(crd);
    const storage = versions.find((v) => v.storage) ?? versions.find((v) => v.served) ?? versions[0];
    const served = versions.filter((v) => v.served).sort((a, b) => (0, names_1.compareVersionPreference)(a.name, b.name));
    const classes = [{ className: kind, prefix: kind, version: storage }];
    for (const v of served) {
        const className = `${kind}${(0, names_1.pascalCase)(v.name)}`;
        classes.push(v === storage
            ? { className, prefix: kind, version: v, sameAs: kind }
            : { className, prefix: className, version: v });
    }
    return classes;
}
function versionsOf(crd) {
    const spec = crd.spec;
    return spec.versions.map((v) => ({
        name: v.name,
        served: v.served !== false,
        storage: v.storage === true,
        deprecated: v.deprecated === true ? (typeof v.deprecationWarning === 'string' ? v.deprecationWarning : 'This version is deprecated.') : undefined,
        schema: v.schema.openAPIV3Schema,
    }));
}
function requiredProps(root) {
    const req = Array.isArray(root.required) ? root.required : [];
    return req.some((r) => r !== 'apiVersion' && r !== 'kind' && r !== 'metadata');
}
function kindOf(crd) {
    const spec = crd.spec;
    return ((0, normalize_1.isObject)(spec.names) ? spec.names.kind : '');
}
function cmp(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
