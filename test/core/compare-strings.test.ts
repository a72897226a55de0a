import { compareStrings } from '../../lib/model/compare-strings';

test('compareStrings orders by code units, as sort() does, not by the locale', () => {
  const words = ['b', 'B', 'a', 'A', 'a-b', 'a_b', 'ab', 'é', 'z', '10', '9', ''];
  expect([...words].sort(compareStrings)).toEqual([...words].sort());
  // localeCompare would put "a" before "B"; code units put every capital first.
  expect(compareStrings('B', 'a')).toBe(-1);
  expect(compareStrings('a', 'a')).toBe(0);
  expect(compareStrings('é', 'z')).toBe(1);
});
