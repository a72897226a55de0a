/** Messages about the inputs of an import: errors stop the import, notes only inform. */
export interface ImportDiagnostic {
  readonly severity: 'error' | 'note';
  /** The input as given (a path, or `-` / `<stdin>`). */
  readonly file: string;
  /** The 0-based index of the YAML document in the file, when the message is about one. */
  readonly documentIndex?: number;
  readonly message: string;
}

/** `file[#doc]: message`, the form printed by the CLI. */
export function formatDiagnostic(d: ImportDiagnostic): string {
  const where = d.documentIndex === undefined ? d.file : `${d.file}#${d.documentIndex}`;
  return `${where}: ${d.severity === 'note' ? 'note: ' : ''}${d.message}`;
}

export function hasErrors(diagnostics: readonly ImportDiagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
