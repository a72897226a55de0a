"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.formatDiagnostic = formatDiagnostic;
exports.hasErrors = hasErrors;
/** `file[#doc]: message`, the form printed by the CLI. */
function formatDiagnostic(d) {
    const where = d.documentIndex === undefined ? d.file : `${d.file}#${d.documentIndex}`;
    return `${where}: ${d.severity === 'note' ? 'note: ' : ''}${d.message}`;
}
function hasErrors(diagnostics) {
    return diagnostics.some((d) => d.severity === 'error');
}
