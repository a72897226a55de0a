/**
 * Readable, stable object names. A name is a function of the construct path below the app,
 * never of a hash: the same code gives the same names on every run, and a rename is visible
 * in the code that caused it.
 */

/** Construct ids that name a role inside a construct rather than a thing, left out of names. */
export const NAMELESS_IDS: ReadonlySet<string> = new Set(['Resource', 'Default']);

/** Maximum length of a DNS-1123 label. */
export const DNS_LABEL_MAX = 63;

/**
 * Joins construct ids into a DNS-1123 label-compatible name: lower case, runs of characters
 * other than `a-z0-9` become `-`, no leading or trailing `-`. Names longer than 63 characters
 * are left long on purpose: validation reports them with the construct path, rather than
 * this function truncating (and silently renaming) them.
 */
export function readableName(ids: readonly string[]): string {
  const parts: string[] = [];
  for (const id of ids) {
    if (NAMELESS_IDS.has(id)) {
      continue;
    }
    const s = id
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
    if (s && parts[parts.length - 1] !== s) {
      parts.push(s);
    }
  }
  return parts.join('-');
}
