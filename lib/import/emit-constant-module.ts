/** Emits a module that only exports one string constant (the k8s definitions JSON text). */
import { headerComment } from './emit';
import { quoteString } from './names';

export function emitConstantModule(
  fileName: string,
  command: string,
  inputs: readonly string[],
  hashLine: string,
  exportName: string,
  text: string,
): string {
  const { Project, StructureKind, VariableDeclarationKind, QuoteKind, IndentationText } =
    require('ts-morph') as typeof import('ts-morph');
  const project = new Project({
    useInMemoryFileSystem: true,
    skipLoadingLibFiles: true,
    manipulationSettings: { quoteKind: QuoteKind.Single, indentationText: IndentationText.TwoSpaces },
  });
  const file = project.createSourceFile(fileName, {
    leadingTrivia: (w) => {
      w.writeLine(headerComment(command, inputs));
      w.writeLine(hashLine);
      w.blankLine();
    },
    statements: [
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: ['The swagger definitions as JSON text, parsed only when a schema is needed.'],
        declarations: [{ name: exportName, type: 'string', initializer: quoteString(text) }],
      },
    ],
  });
  return file.getFullText();
}
