"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.emitConstantModule = emitConstantModule;
/** Emits a module that only exports one string constant (the k8s definitions JSON text). */
const emit_1 = require("./emit");
const names_1 = require("./names");
function emitConstantModule(fileName, command, inputs, hashLine, exportName, text) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Project, StructureKind, VariableDeclarationKind, QuoteKind, IndentationText } = require('ts-morph');
    const project = new Project({ useInMemoryFileSystem: true, skipLoadingLibFiles: true, manipulationSettings: { quoteKind: QuoteKind.Single, indentationText: IndentationText.TwoSpaces } });
    const file = project.createSourceFile(fileName, {
        leadingTrivia: (w) => { w.writeLine((0, emit_1.headerComment)(command, inputs)); w.writeLine(hashLine); w.blankLine(); },
        statements: [{
                kind: StructureKind.VariableStatement,
                isExported: true,
                declarationKind: VariableDeclarationKind.Const,
                docs: ['The swagger definitions as JSON text, parsed only when a schema is needed.'],
                declarations: [{ name: exportName, type: 'string', initializer: (0, names_1.quoteString)(text) }],
            }],
    });
    return file.getFullText();
}
