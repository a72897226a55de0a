/**
 * Reading a command's input files within a size limit, and as UTF-8 text. Inputs are held in
 * memory whole (a file, or standard input), so a limit keeps a wrong input (a 200 MB render, a
 * device) from exhausting memory after minutes; it is checked before reading where the size is
 * known, else while reading.
 */
import { isUtf8 } from 'buffer';
import * as fs from 'fs';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/** An input that is larger than the limit it was read under. */
export class InputTooLarge extends Error {
  /**
   * @param limit the limit, in bytes
   * @param size the input's size, when known (a file); a stream is only known to be larger
   */
  public constructor(
    public readonly limit: number,
    public readonly size?: number,
  ) {
    super(`${size === undefined ? 'more than' : `${formatBytes(size)}, more than`} the limit of ${formatBytes(limit)}`);
    this.name = 'InputTooLarge';
  }
}

/** An input that is not UTF-8 text: the first invalid byte and its offset (from 0). */
export class NotUtf8 extends Error {
  public constructor(
    public readonly offset: number,
    public readonly byte: number,
  ) {
    super(
      `not UTF-8 text: byte ${offset} (0x${byte.toString(16).toUpperCase().padStart(2, '0')}) is not part of a UTF-8 character`,
    );
    this.name = 'NotUtf8';
  }
}

/** `64 MiB`, `1.5 KiB`, `12 bytes`. */
export function formatBytes(n: number): string {
  const [unit, size] = n >= GiB ? ['GiB', GiB] : n >= MiB ? ['MiB', MiB] : n >= KiB ? ['KiB', KiB] : ['bytes', 1];
  return `${size === 1 ? n : Number((n / size).toFixed(1))} ${unit}`;
}

/** A limit that takes `bytes`, as a size flag writes it: `bytes` rounded up to MiB (`128Mi`). */
export function limitFor(bytes: number): string {
  return `${Math.ceil(bytes / MiB)}Mi`;
}

/** A size written as bytes with an optional binary suffix (`65536`, `64Ki`, `128Mi`, `1Gi`), or undefined. */
export function parseByteSize(text: string): number | undefined {
  const m = /^([1-9][0-9]*)(Ki|Mi|Gi)?$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]) * (m[2] === 'Gi' ? GiB : m[2] === 'Mi' ? MiB : m[2] === 'Ki' ? KiB : 1);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * The bytes of `file`, at most `maxBytes`. Read through its descriptor, so that a pipe
 * (`berth validate <(helm template ...)`) and a file whose size the system does not say
 * (`/proc`) are read too, and stopped at the limit.
 *
 * @throws InputTooLarge, or the error of the file system (ENOENT, EACCES, EISDIR, ...)
 */
export function readFileCapped(file: string, maxBytes: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isFile() && stat.size > maxBytes) throw new InputTooLarge(maxBytes, stat.size);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // One read for a regular file of known size (and a small one to see its end); 64 KiB at a time otherwise.
      const room = maxBytes + 1 - total;
      const buf = Buffer.allocUnsafe(
        Math.min(room, stat.isFile() && stat.size > total ? stat.size - total + 1 : 64 * KiB),
      );
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      // A file whose size the system does not say (`/proc`) is only known to be larger.
      if (total > maxBytes)
        throw new InputTooLarge(maxBytes, stat.isFile() && stat.size > 0 ? Math.max(total, stat.size) : undefined);
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
  } finally {
    fs.closeSync(fd);
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
