"use strict";
/**
 * The intermediate representation between schemas and TypeScript: named types (interfaces,
 * aliases) and kind classes. The emitter turns it into a source file; nothing in it is text of
 * generated code except type names.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.t = void 0;
exports.t = {
    string: { kind: 'primitive', name: 'string' },
    number: { kind: 'primitive', name: 'number' },
    boolean: { kind: 'primitive', name: 'boolean' },
    unknown: { kind: 'primitive', name: 'unknown' },
    null: { kind: 'primitive', name: 'null' },
    named: (name) => ({ kind: 'named', name }),
    array: (element) => ({ kind: 'array', element }),
    openObject: () => ({ kind: 'object', properties: [], index: { kind: 'primitive', name: 'unknown' } }),
};
