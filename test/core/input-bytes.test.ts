import { NotUtf8, utf8Text } from '../../lib/core/input-bytes';

describe('utf8Text', () => {
  test('decodes UTF-8 text', () => {
    expect(utf8Text(Buffer.from('a: café 😀\n'))).toBe('a: café 😀\n');
  });

  test.each<[string, number[], number]>([
    ['a continuation byte alone', [0x61, 0x80], 1],
    ['an overlong form', [0x61, 0x62, 0xc0, 0x80], 2],
    ['an overlong three-byte form', [0xe0, 0x80, 0x80], 0],
    ['a surrogate encoded (CESU-8)', [0x20, 0xed, 0xa0, 0x80], 1],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a byte that never starts a character', [0x41, 0xf5, 0x80], 1],
    ['a sequence cut at the end', [0x61, 0xe2, 0x82], 1],
    ['a sequence broken by an ASCII byte', [0xe2, 0x28, 0xa1], 0],
    ['a Latin-1 é after valid characters', [...Buffer.from('é😀'), 0xe9], 6],
  ])('names the first invalid byte: %s', (_what, bytes, offset) => {
    let err: unknown;
    try {
      utf8Text(Buffer.from(bytes));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NotUtf8);
    expect((err as NotUtf8).offset).toBe(offset);
    expect((err as NotUtf8).byte).toBe(bytes[offset]);
  });
});
