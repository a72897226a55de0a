/**
 * Reading a command's input as UTF-8 text: Kubernetes objects are UTF-8, and kubectl refuses
 * other bytes.
 */
import { isUtf8 } from 'buffer';

/** An input that is not UTF-8 text: the first invalid byte and its offset (from 0). */
export class NotUtf8 extends Error {
  public constructor(public readonly offset: number, public readonly byte: number) {
    super(`not UTF-8 text: byte ${offset} (0x${byte.toString(16).toUpperCase().padStart(2, '0')}) is not part of a UTF-8 character`);
    this.name = 'NotUtf8';
  }
}

/**
 * `bytes` as text. Kubernetes objects are UTF-8 (kubectl refuses other bytes); decoding them
 * anyway would turn each invalid byte into U+FFFD and validate text that is not in the file.
 *
 * @throws NotUtf8 naming the first byte that is not part of a UTF-8 character
 */
export function utf8Text(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  const offset = firstInvalidUtf8(bytes);
  throw new NotUtf8(offset, bytes[offset]);
}

/** The offset of the first byte of `b` that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    // The length of the sequence, and the range its second byte must be in (no overlong forms,
    // no surrogates, nothing above U+10FFFF).
    let len: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) len = 2;
    else if (c >= 0xe0 && c <= 0xef) {
      len = 3;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      len = 4;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k < len; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += len;
  }
  return b.length;
}
