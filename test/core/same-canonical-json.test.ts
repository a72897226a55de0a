import fc from 'fast-check';
import { canonicalJson, sameCanonicalJson } from '../../lib/model/canonical-json';

/** `v` with the keys of every object in reverse order: the same canonical JSON. */
function reordered(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reordered);
  if (typeof v !== 'object' || v === null) return v;
  const r = v as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(r)
      .reverse()
      .map((k) => [k, reordered(r[k])]),
  );
}

const json = fc.jsonValue({ maxDepth: 4 });
const odd = fc.anything({
  maxDepth: 3,
  withNullPrototype: false,
  withBoxedValues: false,
  withMap: false,
  withSet: false,
});

test('sameCanonicalJson agrees with comparing canonicalJson texts, for any two values', () => {
  fc.assert(
    fc.property(fc.oneof(json, odd), fc.oneof(json, odd), (a, b) => {
      expect(sameCanonicalJson(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
    }),
    { numRuns: 500 },
  );
});

test('sameCanonicalJson ignores key order and finds a change anywhere', () => {
  fc.assert(
    fc.property(json, (a) => {
      expect(sameCanonicalJson(a, reordered(a))).toBe(true);
      expect(sameCanonicalJson({ x: a }, { x: a, y: 1 })).toBe(false);
      expect(sameCanonicalJson([a, 1], [a, 2])).toBe(false);
    }),
  );
  expect(sameCanonicalJson({ a: undefined }, { a: null })).toBe(true);
  expect(sameCanonicalJson({ a: undefined }, {})).toBe(false);
  expect(sameCanonicalJson(Number.NaN, null)).toBe(true);
  expect(sameCanonicalJson([1], { 0: 1 })).toBe(false);
});
