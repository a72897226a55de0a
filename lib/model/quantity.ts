/**
 * The `resource.Quantity` grammar as Kubernetes parses it (apimachinery `pkg/api/resource`):
 * a signed decimal number followed by one suffix: binary SI (`Ki Mi Gi Ti Pi Ei`), decimal SI
 * (`n u m k M G T P E`) or a decimal exponent (`e3`, `E-2`).
 */
const QUANTITY = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$/;

/** The grammar as a pattern string, for generated validator code. */
export const QUANTITY_PATTERN: string = QUANTITY.source;

/** The suffixes Kubernetes accepts, for messages. */
export const QUANTITY_SUFFIXES = 'Ki Mi Gi Ti Pi Ei (binary), n u m k M G T P E (decimal), e<N>/E<N> (exponent)';

/** Whether `v` is a valid quantity (a finite number or a string in the grammar). */
export function isQuantity(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  return typeof v === 'string' && QUANTITY.test(v);
}

/** A hint for a bad quantity string: the likely intended spelling, if one is obvious. */
export function quantityHint(v: unknown): string {
  if (typeof v === 'string') {
    const m = /^([+-]?[0-9.]+)\s*([A-Za-z]+)$/.exec(v.trim());
    if (m) {
      const fixes: Record<string, string> = {
        K: 'k',
        KB: 'k',
        Kb: 'k',
        KiB: 'Ki',
        MB: 'M',
        MiB: 'Mi',
        GB: 'G',
        GiB: 'Gi',
        TB: 'T',
        TiB: 'Ti',
        mb: 'M',
        gb: 'G',
        kb: 'k',
        mi: 'Mi',
        gi: 'Gi',
        ki: 'Ki',
        g: 'G',
      };
      const fix = fixes[m[2]];
      if (fix) return `Write ${JSON.stringify(m[1] + fix)}; the suffixes are ${QUANTITY_SUFFIXES}.`;
    }
  }
  return `Write a number with one suffix, e.g. "500m", "256Mi", "1.5", "1e3"; the suffixes are ${QUANTITY_SUFFIXES}.`;
}
