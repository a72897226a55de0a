/**
 * A minimal, deterministic ustar writer and reader (regular files only), enough for Helm chart
 * archives: sorted entries, mode 0644, uid/gid 0, no user names, one fixed mtime.
 */

/** One file of an archive. */
export interface TarEntry {
  /** The path inside the archive, `/`-separated. */
  readonly path: string;
  readonly data: Buffer;
}

const BLOCK = 512;

/**
 * Why `path` cannot name a file of an archive, or undefined when it can: a member must stay
 * inside the folder the archive is unpacked into, whatever unpacks it, so it is relative
 * (no leading `/`, no drive such as `C:`), `/`-separated, and has no empty, `.` or `..`
 * segment; a backslash is refused too (Windows tools, and Helm's loader, read it as a
 * separator), and NUL cannot be stored.
 */
export function archivePathProblem(path: string): string | undefined {
  if (path.includes('\\')) return 'has a backslash';
  if (path.includes('\0')) return 'has a NUL character';
  if (path.startsWith('/')) return 'is absolute';
  const segments = path.split('/');
  if (/^[A-Za-z]:$/.test(segments[0])) return 'starts with a drive';
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return 'has an empty, "." or ".." segment';
  return undefined;
}

function writeString(buf: Buffer, offset: number, length: number, value: string): void {
  const b = Buffer.from(value, 'utf8');
  if (b.length > length) throw new Error(`tar: ${JSON.stringify(value)} does not fit in ${length} bytes`);
  b.copy(buf, offset);
}

function writeOctal(buf: Buffer, offset: number, length: number, value: number): void {
  writeString(buf, offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

/** Splits a path into ustar `prefix` (≤155 bytes) and `name` (≤100 bytes). */
function splitPath(path: string): { prefix: string; name: string } {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path };
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { prefix, name };
  }
  throw new Error(`tar: path too long for a ustar archive: ${path}`);
}

function header(entry: TarEntry, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  const { prefix, name } = splitPath(entry.path);
  writeString(h, 0, 100, name);
  writeOctal(h, 100, 8, 0o644);
  writeOctal(h, 108, 8, 0);
  writeOctal(h, 116, 8, 0);
  writeOctal(h, 124, 12, entry.data.length);
  writeOctal(h, 136, 12, mtime);
  h.fill(0x20, 148, 156); // checksum field counts as spaces
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  writeString(h, 345, 155, prefix);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += h[i];
  writeString(h, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return h;
}

/**
 * A tar archive of `entries` in path order, every file stamped with `mtime` (seconds). Throws
 * for a path that could land outside the folder the archive is unpacked into (see
 * {@link archivePathProblem}).
 */
export function writeTar(entries: readonly TarEntry[], mtime: number): Buffer {
  for (const e of entries) {
    const problem = archivePathProblem(e.path);
    if (problem)
      throw new Error(`tar: ${JSON.stringify(e.path)} ${problem}: it could be unpacked outside the archive's folder`);
  }
  const sorted = [...entries].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
  const parts: Buffer[] = [];
  for (const e of sorted) {
    parts.push(header(e, mtime), e.data);
    const pad = (BLOCK - (e.data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

function readString(buf: Buffer, offset: number, length: number): string {
  const end = buf.indexOf(0, offset);
  return buf.toString('utf8', offset, end === -1 || end > offset + length ? offset + length : end);
}

/** The regular files of a tar archive, with their mtimes. */
export function readTar(tar: Buffer): (TarEntry & { readonly mtime: number })[] {
  const out: (TarEntry & { mtime: number })[] = [];
  let p = 0;
  while (p + BLOCK <= tar.length) {
    const h = tar.subarray(p, p + BLOCK);
    if (h.every((b) => b === 0)) break;
    const name = readString(h, 0, 100);
    const prefix = readString(h, 345, 155);
    const size = parseInt(readString(h, 124, 12).trim() || '0', 8);
    const mtime = parseInt(readString(h, 136, 12).trim() || '0', 8);
    const type = String.fromCharCode(h[156] || 0x30);
    p += BLOCK;
    if (type === '0')
      out.push({ path: prefix ? `${prefix}/${name}` : name, data: Buffer.from(tar.subarray(p, p + size)), mtime });
    p += Math.ceil(size / BLOCK) * BLOCK;
  }
  return out;
}
