import * as fs from 'fs';
import * as path from 'path';
import { formatBytes, InputTooLarge, NotUtf8, parseByteSize, readFileCapped, utf8Text } from '../../lib/io/input-bytes';
import { tmpDir } from '../support/file-tree';

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

describe('sizes', () => {
  test('parseByteSize reads bytes and Ki, Mi, Gi; nothing else', () => {
    expect(['65536', '64Ki', '128Mi', '1Gi'].map(parseByteSize)).toEqual([
      65536,
      65536,
      128 * 1024 * 1024,
      1024 * 1024 * 1024,
    ]);
    expect(['0', '64MB', '1.5Mi', '', ' 1', '-1', '64mi', '99999999999999999999'].map(parseByteSize)).toEqual(
      Array(8).fill(undefined),
    );
  });

  test('formatBytes', () => {
    expect([12, 1024, 1536, 64 * 1024 * 1024, 3 * 1024 * 1024 * 1024].map(formatBytes)).toEqual([
      '12 bytes',
      '1 KiB',
      '1.5 KiB',
      '64 MiB',
      '3 GiB',
    ]);
  });
});

describe('readFileCapped', () => {
  test('reads a file up to the limit, and refuses one over it', () => {
    const f = path.join(tmpDir(), 'f');
    fs.writeFileSync(f, 'x'.repeat(100));
    expect(readFileCapped(f, 100).toString()).toBe('x'.repeat(100));
    expect(() => readFileCapped(f, 99)).toThrow(new InputTooLarge(99, 100));
  });

  test('reads a file whose size the system does not say, and stops at the limit', () => {
    expect(readFileCapped('/proc/self/status', 1 << 20).toString()).toMatch(/^Name:/);
    let err: unknown;
    try {
      readFileCapped('/proc/self/status', 10);
    } catch (e) {
      err = e;
    }
    expect(err).toEqual(new InputTooLarge(10));
    expect((err as InputTooLarge).message).toBe('more than the limit of 10 bytes');
  });
});
