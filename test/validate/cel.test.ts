import { CelError, CelUnsupported, evaluateCel } from '../../lib/validate/cel-evaluator';
import { parseCel, readsVariable } from '../../lib/validate/cel-parser';

/** Evaluates `rule` with `self` bound: true/false, 'error' for a CEL runtime error, 'unsupported'. */
function run(rule: string, self: unknown): unknown {
  const ast = parseCel(rule);
  if (!ast) return 'unparsed';
  try {
    const v = evaluateCel(ast, new Map([['self', self as never]]));
    return v instanceof CelError ? 'error' : v;
  } catch (e) {
    if (e instanceof CelUnsupported) return 'unsupported';
    throw e;
  }
}

describe('CEL (the subset CRD rules use)', () => {
  test.each([
    // presence, logic, ternary
    ['has(self.a) && !has(self.b)', { a: 1 }, true],
    ['has(self.a) && !has(self.b)', { a: 1, b: 2 }, false],
    ["self.type == 'A' ? has(self.a) : true", { type: 'A' }, false],
    ["self.type == 'A' ? has(self.a) : true", { type: 'B' }, true],
    // a missing key is an error, unless the other side of && / || decides
    ['self.a == 1', {}, 'error'],
    ['false && self.a == 1', {}, false],
    ['self.a == 1 && false', {}, false],
    ['self.a == 1 || true', {}, true],
    ['true && self.a == 1', {}, 'error'],
    // heterogeneous equality: other types are unequal, not errors; ordering across types is an error
    ["self.protocol == 'TCP' || self.protocol == 6", { protocol: 6 }, true],
    ["self.protocol == 'TCP' || self.protocol == 6", { protocol: 'UDP' }, false],
    ["self.a < 'x'", { a: 1 }, 'error'],
    ['self.numerator <= self.denominator', { numerator: 3, denominator: 2 }, false],
    ['1 == 1.0', {}, true],
    // lists, maps, size, in
    ["!('*' in self && self.size() > 1)", ['*', 'a'], false],
    ["!('*' in self && self.size() > 1)", ['*'], true],
    ['size(self) > 0', {}, false],
    ["'k' in self", { k: 1 }, true],
    ['self[1] == 2', [1, 2], true],
    ['self[5] == 2', [1, 2], 'error'],
    ["size('héllo') == 5", {}, true],
    ['[1, 2,] + [3] == [1, 2, 3]', {}, true],
    // macros
    ['self.all(x, x > 0)', [1, 2], true],
    ['self.all(x, x > 1)', [1, 2], false],
    ["self.exists(f, f.type == 'R')", [{ type: 'X' }, { type: 'R' }], true],
    ["self.exists_one(f, f.type == 'R')", [{ type: 'R' }, { type: 'R' }], false],
    ["self.filter(f, f.type == 'R').size() <= 1", [{ type: 'R' }, { type: 'R' }], false],
    ['self.map(x, x * 2) == [2, 4]', [1, 2], true],
    ['self.map(x, x > 1, x * 10) == [20]', [1, 2], true],
    ['self.all(k, k.startsWith("a"))', { ab: 1, ac: 2 }, true],
    // an error in one element is absorbed when another decides
    ['self.exists(x, x.a == 1)', [{}, { a: 1 }], true],
    ['self.all(x, x.a == 1)', [{}, { a: 2 }], false],
    ['self.all(x, x.a == 1)', [{}, { a: 1 }], 'error'],
    // strings
    ["!self.value.contains('//')", { value: '/a//b' }, false],
    ["self.value.startsWith('/') && !self.value.endsWith('/..')", { value: '/a' }, true],
    ['self.value.matches(r"""^(?:[-A-Za-z0-9/._~!$&\'()*+,;=:@]|[%][0-9a-fA-F]{2})+$""")', { value: '/a%2Fb' }, true],
    ["self.value.matches('^[a-z]+$')", { value: 'A' }, false],
    ['"a\\tb" == \'a\tb\'', {}, true],
    // durations
    ['duration(self.b) > duration(self.r)', { b: '1m', r: '30s' }, true],
    ["duration(self.r) != duration('0s')", { r: '0s' }, false],
    ["duration(self.r) == duration('1h30m')", { r: '90m' }, true],
    // escaped property names, as Kubernetes writes them in rules
    ['has(self.name) && has(self.__namespace__)', { name: 'a', namespace: 'b' }, true],
    ['self.__namespace__ == "b"', { namespace: 'b' }, true],
    ['self.a__dash__b == 1 && self.x__dot__y == 2', { 'a-b': 1, 'x.y': 2 }, true],
    // outside the subset: never guessed
    ['int(self.a) > 1', { a: '2' }, 'unsupported'],
    ['self.a / 2 == 1', { a: 2 }, 'unsupported'],
    ['self.a.lowerAscii() == "a"', { a: 'A' }, 'unsupported'],
    ['other == 1', {}, 'unsupported'],
  ])('%s with %j is %p', (rule, self, expected) => {
    expect(run(rule, self)).toEqual(expected);
  });

  test('input that is not in the subset parses to nothing', () => {
    expect(parseCel('{"a": 1}.a == 1')).toBeUndefined();
    expect(parseCel("b'bytes' == b'bytes'")).toBeUndefined();
    expect(parseCel('self.a ==')).toBeUndefined();
    expect(parseCel("'unterminated")).toBeUndefined();
  });

  test('transition rules are recognised by their use of oldSelf', () => {
    expect(readsVariable(parseCel('self == oldSelf')!, 'oldSelf')).toBe(true);
    expect(readsVariable(parseCel('!has(oldSelf.a) || has(self.a)')!, 'oldSelf')).toBe(true);
    expect(readsVariable(parseCel('self.all(x, x.oldSelf == 1)')!, 'oldSelf')).toBe(false);
  });
});
