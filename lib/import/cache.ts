/**
 * The import cache: each generated file carries, on its second line, a hash of its inputs and
 * of the generator version. A file whose hash line matches is not regenerated.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync } from 'fs';
import { join } from 'path';
import { sha256 } from '../model/canonical-json';
import { findPackageRoot } from './package-root';

/** Bump when the generated code changes for the same inputs. */
export const GENERATOR_VERSION = 'berth-import/1';

let fingerprint: string | undefined;

/**
 * The version plus a hash of the generator's code, so that changing the generator invalidates
 * the cache even when nobody bumps the version. The TypeScript sources (`<package>/lib/import`)
 * are hashed when present, so that ts-jest and the compiled build agree; otherwise the files of
 * this directory.
 */
export function generatorFingerprint(): string {
  if (fingerprint === undefined) {
    const root = findPackageRoot(__dirname);
    const sources = root === undefined ? undefined : join(root, 'lib', 'import');
    const useSources = sources !== undefined && existsSync(join(sources, 'cache.ts'));
    const dir = useSources ? (sources as string) : __dirname;
    const pattern = useSources ? /\.ts$/ : /\.js$/;
    const files = readdirSync(dir)
      .filter((f) => pattern.test(f) && !f.endsWith('.d.ts'))
      .sort();
    fingerprint = sha256(
      [GENERATOR_VERSION, ...files.map((f) => `${f}\n${readFileSync(join(dir, f), 'utf8')}`)].join('\n'),
    );
  }
  return fingerprint;
}

const HASH_PREFIX = '// berth-import-hash: ';

export function hashLine(hash: string): string {
  return `${HASH_PREFIX}${hash}`;
}

/** The hash of a generated file's inputs: generator version plus the given parts. */
export function inputsHash(parts: readonly string[]): string {
  return sha256([generatorFingerprint(), ...parts].join('\n'));
}

/** The hash recorded in the header of `file`, or undefined (missing file, no header). */
export function readRecordedHash(file: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const buf = Buffer.alloc(16384);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const head = buf.subarray(0, n).toString('utf8');
    const lines = head.split('\n', 3);
    const line = lines.find((l) => l.startsWith(HASH_PREFIX));
    return line === undefined ? undefined : line.slice(HASH_PREFIX.length).trim();
  } finally {
    closeSync(fd);
  }
}
