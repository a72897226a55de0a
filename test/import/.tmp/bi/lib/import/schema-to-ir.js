"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SchemaTypeMapper = exports.TypeNamer = void 0;
exports.docsOf = docsOf;
exports.union = union;
/**
 * Maps normalized JSON schemas to IR types. Objects with declared properties become named
 * interfaces; structurally identical object schemas are declared once and reused (keyed by a
 * hash of their canonical JSON).
 */
const canonical_json_1 = require("./canonical-json");
const ir_1 = require("./ir");
const names_1 = require("./names");
const normalize_1 = require("./normalize");
/** Allocates unique type names and collects the declarations of one module. */
class TypeNamer {
    declarations = [];
    used = new Set();
    byHash = new Map();
    constructor(reserved = []) {
        for (const r of reserved)
            this.used.add(r);
    }
    /** Reserves `name` exactly; false when it is taken. */
    reserve(name) {
        if (this.used.has(name))
            return false;
        this.used.add(name);
        return true;
    }
    /** `base`, or `base2`, `base3`... whichever is free first; reserves it. */
    unique(base) {
        let name = base;
        for (let i = 2; this.used.has(name); i++)
            name = `${base}${i}`;
        this.used.add(name);
        return name;
    }
    isUsed(name) {
        return this.used.has(name);
    }
    knownShape(hash) {
        return this.byHash.get(hash);
    }
    rememberShape(hash, name) {
        this.byHash.set(hash, name);
    }
    /** Reserves a slot so that a parent is declared before the types it contains. */
    slot() {
        const index = this.declarations.length;
        this.declarations.push(undefined);
        return (decl) => { this.declarations[index] = decl; };
    }
}
exports.TypeNamer = TypeNamer;
class SchemaTypeMapper {
    host;
    namer;
    constructor(host, namer) {
        this.host = host;
        this.namer = namer;
    }
    /** The type of `node`; nested objects are named `<prefix><Path in PascalCase>`. */
    typeOf(node, prefix, path) {
        if (!(0, normalize_1.isObject)(node)) {
            return ir_1.t.unknown;
        }
        const base = this.baseTypeOf(node, prefix, path);
        return node.nullable === true ? union([base, ir_1.t.null]) : base;
    }
    /** Properties of an object schema, names kept exactly, `required` ones non-optional. */
    propertiesOf(node, prefix, path) {
        const props = (0, normalize_1.isObject)(node.properties) ? node.properties : {};
        const required = new Set(Array.isArray(node.required) ? node.required.filter((r) => typeof r === 'string') : []);
        return Object.entries(props).map(([name, sub]) => ({
            name,
            type: this.typeOf(sub, prefix, [...path, name]),
            optional: !required.has(name),
            docs: docsOf(sub),
        }));
    }
    /** An interface for an object schema, under a name chosen by the caller. */
    interfaceOf(node, name, prefix, path, docs = docsOf(node)) {
        const properties = this.propertiesOf(node, prefix, path);
        return { kind: 'interface', name, docs, properties, index: this.indexOf(node, prefix, path, properties.length > 0) };
    }
    baseTypeOf(node, prefix, path) {
        if (typeof node.$ref === 'string') {
            return this.host.resolveRef(node.$ref);
        }
        if (Array.isArray(node.enum)) {
            const literals = node.enum.filter((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v));
            if (literals.length > 0 && literals.length === node.enum.length) {
                return union(literals.map((value) => ({ kind: 'literal', value })));
            }
        }
        const type = node.type;
        const hasProperties = (0, normalize_1.isObject)(node.properties) && Object.keys(node.properties).length > 0;
        if (type === undefined && !hasProperties && node.additionalProperties === undefined) {
            const branches = [node.oneOf, node.anyOf].find(Array.isArray);
            if (branches) {
                return union(branches.map((b, i) => this.typeOf(b, prefix, [...path, `Option${i + 1}`])));
            }
        }
        switch (type) {
            case 'string': return ir_1.t.string;
            case 'integer':
            case 'number': return ir_1.t.number;
            case 'boolean': return ir_1.t.boolean;
            case 'array': return ir_1.t.array(node.items === undefined ? ir_1.t.unknown : this.typeOf(node.items, prefix, path));
            case 'object':
            case undefined:
                if (type === undefined && !hasProperties && node.additionalProperties === undefined) {
                    return ir_1.t.unknown;
                }
                return this.objectType(node, prefix, path, hasProperties);
            default:
                return ir_1.t.unknown;
        }
    }
    objectType(node, prefix, path, hasProperties) {
        if (!hasProperties) {
            return { kind: 'object', properties: [], index: this.indexOf(node, prefix, path, false) ?? ir_1.t.unknown };
        }
        const hash = (0, canonical_json_1.sha256)((0, canonical_json_1.canonicalJson)(node));
        const known = this.namer.knownShape(hash);
        if (known) {
            return ir_1.t.named(known);
        }
        const name = this.namer.unique(prefix + path.map(names_1.pascalCase).join(''));
        this.namer.rememberShape(hash, name);
        const fill = this.namer.slot();
        fill(this.interfaceOf(node, name, prefix, path));
        return ir_1.t.named(name);
    }
    /** The index signature type: declared values for maps, `unknown` for open objects. */
    indexOf(node, prefix, path, hasProperties) {
        if (node['x-kubernetes-preserve-unknown-fields'] === true) {
            return ir_1.t.unknown;
        }
        if (node.additionalProperties !== undefined) {
            // Declared properties must fit the index signature, so a mixed object admits any value.
            return hasProperties ? ir_1.t.unknown : this.typeOf(node.additionalProperties, prefix, [...path, 'Value']);
        }
        return undefined;
    }
}
exports.SchemaTypeMapper = SchemaTypeMapper;
/** Documentation of a schema node: description, `format`, `default`. */
function docsOf(node) {
    if (!(0, normalize_1.isObject)(node)) {
        return {};
    }
    return {
        description: typeof node.description === 'string' ? node.description : undefined,
        format: typeof node.format === 'string' ? node.format : undefined,
        default: node.default,
    };
}
/** A union without duplicate members; a single member stands for itself. */
function union(members) {
    const seen = new Set();
    const flat = [];
    for (const m of members) {
        for (const x of m.kind === 'union' ? m.members : [m]) {
            const key = JSON.stringify(x);
            if (!seen.has(key)) {
                seen.add(key);
                flat.push(x);
            }
        }
    }
    if (flat.some((m) => m.kind === 'primitive' && m.name === 'unknown')) {
        return ir_1.t.unknown;
    }
    const primitiveOrder = ['number', 'string', 'boolean', 'null'];
    const rank = (m) => (m.kind === 'primitive' ? primitiveOrder.indexOf(m.name) : -1);
    if (flat.every((m) => m.kind === 'primitive')) {
        flat.sort((a, b) => rank(a) - rank(b));
    }
    return flat.length === 1 ? flat[0] : { kind: 'union', members: flat };
}
