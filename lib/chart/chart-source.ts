import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { createHash } from 'crypto';
import { yamlLibrary } from '../yaml/yaml-library';

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
      const files = new Map<string, Buffer>();
      walk(file, '', files);
      return new ChartSource(file, false, files);
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
    return new ChartSource(file, true, files, bytes);
  }

  /** The chart's metadata, from its `Chart.yaml`. */
  public readonly metadata: ChartMetadata;
  /** A hash of every byte of the chart: the render cache's key. */
  public readonly contentHash: string;

  private constructor(
    /** The directory or package, absolute. */
    public readonly file: string,
    /** Whether it is a package (.tgz). */
    public readonly packaged: boolean,
    /** The chart's files, by path inside the chart (`Chart.yaml`, `templates/...`). */
    public readonly files: ReadonlyMap<string, Buffer>,
    packageBytes?: Buffer,
  ) {
    const chartYaml = files.get('Chart.yaml');
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
    const h = createHash('sha256');
    if (packageBytes) h.update(packageBytes);
    else
      for (const [k, v] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        h.update(`${k}\0${v.length}\0`).update(v);
    this.contentHash = h.digest('hex');
  }

  /** The dependencies of `Chart.yaml` that are not vendored under `charts/` (Berth never downloads them). */
  public missingDependencies(): string[] {
    const present = [...this.files.keys()].filter((f) => f.startsWith('charts/'));
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

/** Every regular file below `dir`, by path relative to the chart; symbolic links are followed as Helm does. */
function walk(dir: string, rel: string, out: Map<string, Buffer>): void {
  for (const name of fs.readdirSync(path.join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    const stat = fs.statSync(path.join(dir, r));
    if (stat.isDirectory()) walk(dir, r, out);
    else if (stat.isFile()) out.set(r, fs.readFileSync(path.join(dir, r)));
  }
}

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
