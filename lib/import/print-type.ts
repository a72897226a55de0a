/** Prints IR type references as TypeScript type expressions. */
import { TypeRef } from './ir';
import { OBJECT_MEMBERS, propertyKey, quoteString } from './names';

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
      const members = ref.properties.map(
        (p) => `readonly ${propertyKey(p.name)}${p.optional ? '?' : ''}: ${printPropertyType(p, imported)}`,
      );
      if (ref.index) {
        members.push(`readonly [key: string]: ${printType(ref.index, imported)}`);
      }
      return members.length === 0 ? '{}' : `{ ${members.join('; ')} }`;
    }
  }
}

/**
 * The type of a property: its schema's, and for an optional one named like a member of
 * `Object` (`toString`, `constructor`...) also that member's type, which every object literal
 * has in TypeScript's eyes; without it no object that leaves the property out would type-check.
 * Only an own member is ever written (a function value fails rendering, naming the field).
 */
export function printPropertyType(
  p: { readonly name: string; readonly type: TypeRef; readonly optional: boolean },
  imported: ImportedName = (n) => n,
): string {
  const printed = printType(p.type, imported);
  if (!p.optional || !OBJECT_MEMBERS.has(p.name) || (p.type.kind === 'primitive' && p.type.name === 'unknown'))
    return printed;
  return `${printed} | Object[${quoteString(p.name)}]`;
}
