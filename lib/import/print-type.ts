/** Prints IR type references as TypeScript type expressions. */
import { TypeRef } from './ir';
import { propertyKey, quoteString } from './names';

/** Maps names of imported types to their local (possibly aliased) names. */
export type ImportedName = (name: string) => string;

export function printType(ref: TypeRef, imported: ImportedName = (n) => n): string {
  switch (ref.kind) {
    case 'primitive':
      return ref.name;
    case 'literal':
      return typeof ref.value === 'string' ? quoteString(ref.value) : String(ref.value);
    case 'named':
      return ref.imported ? imported(ref.name) : ref.name;
    case 'array': {
      const inner = printType(ref.element, imported);
      return ref.element.kind === 'union' ? `(${inner})[]` : `${inner}[]`;
    }
    case 'union':
      return ref.members.map((m) => printType(m, imported)).join(' | ');
    case 'object': {
      const members = ref.properties.map((p) => `readonly ${propertyKey(p.name)}${p.optional ? '?' : ''}: ${printType(p.type, imported)}`);
      if (ref.index) {
        members.push(`readonly [key: string]: ${printType(ref.index, imported)}`);
      }
      return members.length === 0 ? '{}' : `{ ${members.join('; ')} }`;
    }
  }
}
