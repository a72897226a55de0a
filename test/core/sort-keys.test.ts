import * as fc from 'fast-check';
import { sortKeys } from '../../lib/model/sort-keys';

describe('sortKeys', () => {
  test('orders keys exactly as Array.prototype.sort() does, in place', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.nat().map(String)),
          { maxLength: 60 },
        ),
        (keys) => {
          const expected = [...keys].sort();
          const input = [...keys];
          const result = sortKeys(input);
          expect(result).toBe(input);
          expect(result).toEqual(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('the keys of an object with integer-like and surrogate keys', () => {
    const keys = Object.keys({ b: 1, 10: 1, 2: 1, a: 1, é: 1, '\u{1F600}': 1, '\uFFFF': 1, A: 1, '': 1 });
    expect(sortKeys([...keys])).toEqual([...keys].sort());
    expect(sortKeys([...keys])).toEqual(['', '10', '2', 'A', 'a', 'b', 'é', '\u{1F600}', '\uFFFF']);
  });
});
