"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.printType = printType;
const names_1 = require("./names");
function printType(ref, imported = (n) => n) {
    switch (ref.kind) {
        case 'primitive':
            return ref.name;
        case 'literal':
            return typeof ref.value === 'string' ? (0, names_1.quoteString)(ref.value) : String(ref.value);
        case 'named':
            return ref.imported ? imported(ref.name) : ref.name;
        case 'array': {
            const inner = printType(ref.element, imported);
            return ref.element.kind === 'union' ? `(${inner})[]` : `${inner}[]`;
        }
        case 'union':
            return ref.members.map((m) => printType(m, imported)).join(' | ');
        case 'object': {
            const members = ref.properties.map((p) => `readonly ${(0, names_1.propertyKey)(p.name)}${p.optional ? '?' : ''}: ${printType(p.type, imported)}`);
            if (ref.index) {
                members.push(`readonly [key: string]: ${printType(ref.index, imported)}`);
            }
            return members.length === 0 ? '{}' : `{ ${members.join('; ')} }`;
        }
    }
}
