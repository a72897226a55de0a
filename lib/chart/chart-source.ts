import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { createHash } from 'crypto';
import { yamlLibrary } from '../yaml/yaml-library';
import { FS_DISK_CACHE } from '../perf/speedups';

/** What `Chart.yaml` says about a vendored chart. */
export interface ChartMetadata {
  readonly name: string;
  readonly version: string;
  /** The charts it depends on (`dependencies:`), which must be vendored under its `charts/`. */
  readonly dependencies: readonly { readonly name: string; readonly condition?: string }[];
}

/** A chart that cannot be used as given: the reason, what is allowed and the fix. */
export class ChartSourceError extends Error {
  public constructor(
    public readonly reason: string,
    public readonly allowed: string,
    public readonly hint: string,
  ) {
    super(reason);
    this.name = 'ChartSourceError';
  }
}

const ALLOWED = 'a chart directory holding Chart.yaml, or a chart package (.tgz) as `helm pull` writes it';
const FETCH_HINT = 'Vendor the chart into the repository once with `helm pull <repo>/<chart> --version <v> --untar`.';

/** A vendored chart: a directory or a `.tgz` package, read once. */
export class ChartSource {
  /** Reads and checks the chart at `file` (absolute). */
  public static read(file: string): ChartSource {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      throw new ChartSourceError(`the chart ${file} does not exist`, ALLOWED, FETCH_HINT);
    }
    if (stat.isDirectory()) {
      const entries: FileEntry[] = [];
      walk(file, '', entries);
      entries.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
      return new ChartSource(file, false, folderTree(file, entries));
    }
    const bytes = fs.readFileSync(file);
    if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
      throw new ChartSourceError(
        `${file} is not a chart: it is neither a directory nor a gzip-compressed package`,
        ALLOWED,
        FETCH_HINT,
      );
    }
    let files: Map<string, Buffer>;
    try {
      files = untarChart(zlib.gunzipSync(bytes));
    } catch (e) {
      throw new ChartSourceError(`${file} is not a chart package: ${(e as Error).message}`, ALLOWED, FETCH_HINT);
    }
    const hash = createHash('sha256').update(bytes).digest('hex');
    return new ChartSource(file, true, {
      names: [...files.keys()].sort(),
      read: (name) => files.get(name),
      all: () => files,
      contentHash: () => hash,
    });
  }

  /** The chart's metadata, from its `Chart.yaml`. */
  public readonly metadata: ChartMetadata;

  private constructor(
    /** The directory or package, absolute. */
    public readonly file: string,
    /** Whether it is a package (.tgz). */
    public readonly packaged: boolean,
    private readonly tree: ChartTree,
  ) {
    const chartYaml = tree.read('Chart.yaml');
    const where = packaged ? `the package ${file}` : `the directory ${file}`;
    if (!chartYaml) throw new ChartSourceError(`${where} is not a chart: it has no Chart.yaml`, ALLOWED, FETCH_HINT);
    let doc: { name?: unknown; version?: unknown; dependencies?: unknown };
    try {
      doc = (yamlLibrary().parse(chartYaml.toString('utf8')) ?? {}) as typeof doc;
    } catch (e) {
      throw new ChartSourceError(
        `${where}: Chart.yaml is not valid YAML: ${(e as Error).message}`,
        ALLOWED,
        FETCH_HINT,
      );
    }
    if (typeof doc.name !== 'string' || (typeof doc.version !== 'string' && typeof doc.version !== 'number')) {
      throw new ChartSourceError(`${where}: Chart.yaml has no name or no version`, ALLOWED, FETCH_HINT);
    }
    const deps = Array.isArray(doc.dependencies) ? (doc.dependencies as { name?: unknown; condition?: unknown }[]) : [];
    this.metadata = {
      name: doc.name,
      version: String(doc.version),
      dependencies: deps.map((d) => ({
        name: String(d.name),
        ...(typeof d.condition === 'string' ? { condition: d.condition } : {}),
      })),
    };
  }

  /** The chart's files, by path inside the chart (`Chart.yaml`, `templates/...`); read when first asked for. */
  public get files(): ReadonlyMap<string, Buffer> {
    return this.tree.all();
  }

  /**
   * A hash of every byte of the chart: the render cache's key. For a folder, kept in the cache by
   * the path, size, modification and change time and inode of each of its files, so that an
   * unchanged chart is not read at all; any write to a file changes its change time.
   */
  public get contentHash(): string {
    return this.tree.contentHash();
  }

  /** The dependencies of `Chart.yaml` that are not vendored under `charts/` (Berth never downloads them). */
  public missingDependencies(): string[] {
    const present = this.tree.names.filter((f) => f.startsWith('charts/'));
    return this.metadata.dependencies
      .map((d) => d.name)
      .filter(
        (name) =>
          !present.some(
            (f) => f.startsWith(`charts/${name}/`) || (f.startsWith(`charts/${name}-`) && f.endsWith('.tgz')),
          ),
      );
  }
}

/** The files of a chart: their names at once, their bytes and their hash when asked for. */
interface ChartTree {
  /** Paths inside the chart, sorted. */
  readonly names: readonly string[];
  read(name: string): Buffer | undefined;
  all(): ReadonlyMap<string, Buffer>;
  contentHash(): string;
}

/** A regular file of a chart folder, with what says that it changed. */
interface FileEntry {
  readonly rel: string;
  readonly stat: fs.Stats;
}

/** Every regular file below `dir`, by path relative to the chart; symbolic links are followed as Helm does. */
function walk(dir: string, rel: string, out: FileEntry[]): void {
  for (const name of fs.readdirSync(path.join(dir, rel))) {
    const r = rel ? `${rel}/${name}` : name;
    const stat = fs.statSync(path.join(dir, r));
    if (stat.isDirectory()) walk(dir, r, out);
    else if (stat.isFile()) out.push({ rel: r, stat });
  }
}

/** Content hashes by stat fingerprint, for this process (a chart is rendered per environment). */
const hashes = new Map<string, string>();

/** The chart folder `dir`, whose files are `entries` (sorted). */
function folderTree(dir: string, entries: readonly FileEntry[]): ChartTree {
  const names = entries.map((e) => e.rel);
  let all: Map<string, Buffer> | undefined;
  const read = (): Map<string, Buffer> =>
    (all ??= new Map(entries.map((e) => [e.rel, fs.readFileSync(path.join(dir, e.rel))])));
  return {
    names,
    read: (name) => (all ? all.get(name) : names.includes(name) ? fs.readFileSync(path.join(dir, name)) : undefined),
    all: read,
    contentHash() {
      const f = createHash('sha256').update(`${HASH_FORMAT}\0${dir}\0`);
      for (const { rel, stat } of entries)
        f.update(`${rel}\0${stat.size}\0${stat.mtimeMs}\0${stat.ctimeMs}\0${stat.ino}\0`);
      const fingerprint = f.digest('hex');
      const known = hashes.get(fingerprint);
      if (known) return known;
      const file = path.join(FS_DISK_CACHE.dir('chart-hash'), `${fingerprint}.txt`);
      let hash = FS_DISK_CACHE.readText(file);
      if (hash === undefined || !/^[0-9a-f]{64}$/.test(hash)) {
        const h = createHash('sha256');
        for (const [k, v] of read()) h.update(`${k}\0${v.length}\0`).update(v);
        hash = h.digest('hex');
        FS_DISK_CACHE.write(file, hash);
      }
      hashes.set(fingerprint, hash);
      return hash;
    },
  };
}

/** Bumped when the content hash is computed otherwise (its cached values are then unused). */
const HASH_FORMAT = 1;

/** The regular files of a tar archive, by path without the archive's top folder (`<chart>/`). */
export function untarChart(tar: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let longName: string | undefined;
  for (let p = 0; p + 512 <= tar.length;) {
    const header = tar.subarray(p, p + 512);
    if (header.every((b) => b === 0)) break;
    const text = (a: number, b: number): string => header.toString('utf8', a, b).replace(/\0.*$/s, '');
    const size = parseInt(text(124, 136).trim() || '0', 8);
    if (!Number.isFinite(size)) throw new Error('a damaged tar header');
    const type = text(156, 157) || '0';
    const prefix = text(257, 263).startsWith('ustar') ? text(345, 500) : '';
    const body = tar.subarray(p + 512, p + 512 + size);
    let name = longName ?? (prefix ? `${prefix}/${text(0, 100)}` : text(0, 100));
    longName = undefined;
    if (type === 'L') longName = body.toString('utf8').replace(/\0.*$/s, '');
    else if (type === 'x') {
      const m = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
      if (m) longName = m[1];
    } else if (type === '0' || type === '7') {
      name = name.replace(/^\.\//, '');
      const slash = name.indexOf('/');
      if (slash > 0) out.set(name.slice(slash + 1), Buffer.from(body));
    }
    p += 512 + Math.ceil(size / 512) * 512;
  }
  if (out.size === 0) throw new Error('it holds no files');
  return out;
}
