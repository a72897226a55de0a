import { inspect } from 'util';

/**
 * JavaScript lets a program throw anything: `throw undefined`, a string, an object without a
 * prototype (which `String()` refuses), an object whose `message` getter throws. Reporting what
 * was thrown must never throw in turn, or a mistake in the user's program becomes Berth's
 * internal error.
 */

/** `value[key]`, or undefined when reading it throws (a getter, a proxy's trap). */
export function propertyOf(value: unknown, key: string): unknown {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined;
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** Readable text for a thrown value: an Error's message, a thrown string, or what the value is. */
export function thrownMessage(value: unknown): string {
  if (typeof value === 'string') return value === '' ? 'an empty string was thrown' : value;
  const message = propertyOf(value, 'message');
  if (typeof message === 'string' && message !== '') return message;
  const name = propertyOf(value, 'name');
  if (message === '' && typeof name === 'string' && name !== '') return `${name} (without a message)`;
  let shown: string;
  try {
    shown = inspect(value, {
      depth: 1,
      maxArrayLength: 5,
      maxStringLength: 100,
      breakLength: Infinity,
      getters: false,
    });
  } catch {
    shown = 'a value that cannot be shown';
  }
  return `${shown} was thrown, not an Error`;
}
