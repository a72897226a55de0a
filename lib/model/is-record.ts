/** Whether `v` is an object that is neither null nor an array: a JSON object, a record. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
