/** Field paths as users read them: `spec.containers[0].ports[0].name`, `metadata.labels["app.kubernetes.io/name"]`. */

/** Appends a property to a field path. */
export function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

/** Converts a JSON pointer (`/spec/containers/0/name`) to a field path. */
export function fromJsonPointer(pointer: string): string {
  if (!pointer) return '';
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out = /^(0|[1-9][0-9]*)$/.test(seg) ? child(out, Number(seg)) : child(out, seg);
  }
  return out;
}

/** The value at a JSON pointer inside `root`, or undefined. */
export function atPointer(root: unknown, pointer: string): unknown {
  let cur: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}
