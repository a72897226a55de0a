/**
 * A V8 code cache for the CommonJS modules the `berth` command loads: Berth's own and its
 * dependencies' (cdk8s, constructs, yaml, ajv, ...). Node 20 parses and compiles every module
 * again on each run; with the cache V8 skips parsing and compiling the functions that the run
 * which wrote the cache had used. Measured on `berth synth` of 100 services: 12% less wall time.
 *
 * One file per Node version and architecture holds every module's cache, keyed by file name and
 * the SHA-1 of its source (V8 itself only checks a cache against the source length, so an edited
 * file of the same length must not get the old code). A module whose cache is missing, stale or
 * rejected by V8 (other V8 flags) is compiled as usual; the file is then written again when the
 * process exits, with the caches V8 produces after the run (so they include the functions the
 * run compiled lazily). Set `BERTH_NO_CODE_CACHE=1` to turn it off.
 *
 * The process keeps only the file's index: each module's cache is read from the file when the
 * module loads, and dropped once compiled (holding the whole file, several MiB, for the whole
 * run showed in the peak memory of every synth).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import Module from 'module';
import * as path from 'path';
import * as vm from 'vm';
import { cacheDir, markCacheUsed, writeCacheFile } from './cache-dir';
import { compareStrings } from '../model/compare-strings';

/** One module's code cache: the source's SHA-1 and V8's cached data. */
export interface ModuleCacheEntry {
  readonly hash: string;
  readonly data: Buffer;
}

/** What the cache did in this process (the tests read it). */
export interface ModuleCodeCacheStats {
  /** Modules compiled from their cached code. */
  readonly hits: number;
  /** Modules compiled from source (no cache, a stale one, or one V8 refused). */
  readonly misses: number;
  /** The cache file. */
  readonly file: string;
}

/** Options of {@link enableModuleCodeCache}. */
export interface ModuleCodeCacheOptions {
  /** The cache file. @default - `<node_modules>/.cache/berth/modules/<node version>-<arch>[-<options hash>].bin` near Berth (see {@link moduleCacheFile}) */
  readonly file?: string;
  /** Which modules to cache. @default - Berth's own files and any file under a `node_modules` folder */
  readonly include?: (filename: string) => boolean;
}

/** Layout of the file: a 4-byte little-endian header length, the JSON header, then the data. */
type Header = Record<string, [hash: string, offset: number, length: number]>;

/** Where one module's cache is in the file: the source's SHA-1, and the data's offset and length. */
interface IndexEntry {
  readonly hash: string;
  readonly offset: number;
  readonly length: number;
}

/** The entries of `header` whose data lie within `size` bytes; undefined when the header is malformed. */
function indexOf(header: unknown, base: number, size: number): Map<string, IndexEntry> | undefined {
  if (typeof header !== 'object' || header === null) return undefined;
  const out = new Map<string, IndexEntry>();
  for (const [file, e] of Object.entries(header as Header)) {
    if (!Array.isArray(e)) return undefined;
    const [hash, offset, length] = e;
    if (
      typeof hash !== 'string' ||
      !Number.isInteger(offset) ||
      !Number.isInteger(length) ||
      offset < 0 ||
      length < 0 ||
      base + offset + length > size
    )
      return undefined;
    out.set(file, { hash, offset: base + offset, length });
  }
  return out;
}

/** A cache file opened for reading entries one at a time. */
interface OpenCacheFile {
  readonly fd: number;
  readonly index: ReadonlyMap<string, IndexEntry>;
}

/** Opens `file` and reads its index; undefined when it is missing or malformed. */
function openCacheFile(file: string): OpenCacheFile | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(4);
    if (size < 4 || fs.readSync(fd, head, 0, 4, 0) !== 4) throw new Error('short');
    const headerLength = head.readUInt32LE(0);
    if (4 + headerLength > size) throw new Error('short');
    const json = Buffer.alloc(headerLength);
    if (fs.readSync(fd, json, 0, headerLength, 4) !== headerLength) throw new Error('short');
    const index = indexOf(JSON.parse(json.toString('utf8')), 4 + headerLength, size);
    if (!index) throw new Error('malformed');
    return { fd, index };
  } catch {
    if (fd !== undefined) fs.closeSync(fd);
    return undefined;
  }
}

/** The data of `entry`, read from the file; undefined if it cannot be read whole. */
function readEntry(open: OpenCacheFile, entry: IndexEntry): Buffer | undefined {
  const data = Buffer.allocUnsafeSlow(entry.length);
  try {
    return fs.readSync(open.fd, data, 0, entry.length, entry.offset) === entry.length ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Reads a cache file's entries; anything malformed reads as no entries. */
export function decodeModuleCache(bytes: Buffer | undefined): Map<string, ModuleCacheEntry> {
  const out = new Map<string, ModuleCacheEntry>();
  if (!bytes || bytes.length < 4) return out;
  try {
    const headerLength = bytes.readUInt32LE(0);
    const index = indexOf(JSON.parse(bytes.toString('utf8', 4, 4 + headerLength)), 4 + headerLength, bytes.length);
    if (!index) return out;
    for (const [file, { hash, offset, length }] of index)
      out.set(file, { hash, data: bytes.subarray(offset, offset + length) });
  } catch {
    return new Map();
  }
  return out;
}

/** Writes entries in the layout {@link decodeModuleCache} reads. */
export function encodeModuleCache(entries: ReadonlyMap<string, ModuleCacheEntry>): Buffer {
  const header: Header = {};
  const parts: Buffer[] = [];
  let offset = 0;
  for (const [file, { hash, data }] of [...entries].sort(([a], [b]) => compareStrings(a, b))) {
    header[file] = [hash, offset, data.length];
    parts.push(data);
    offset += data.length;
  }
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length, 0);
  return Buffer.concat([length, json, ...parts]);
}

/** A module this process loaded: its hash, and for a miss the script to take the new cache from. */
interface Loaded {
  readonly hash: string;
  readonly script?: vm.Script;
}

type Compile = (this: Module, content: string, filename: string) => unknown;
type Wrapper = (exports: unknown, require: NodeRequire, module: Module, filename: string, dirname: string) => unknown;

/** The module internals `require` is made of (public since Node 0.x, used by require hooks). */
interface ModuleStatics {
  _resolveFilename(request: string, parent: Module, isMain: boolean, options?: { paths?: string[] }): string;
  _resolveLookupPaths(request: string, parent: Module): string[] | null;
  _extensions: NodeJS.RequireExtensions;
  _cache: NodeJS.Dict<NodeModule>;
}

/** The `require` a module gets, as Node makes it. */
function makeRequire(mod: Module): NodeRequire {
  const statics = Module as unknown as ModuleStatics;
  const req = ((id: string) => mod.require(id)) as NodeRequire;
  const resolve = ((request: string, options?: { paths?: string[] }) =>
    statics._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => statics._resolveLookupPaths(request, mod);
  req.resolve = resolve;
  req.main = require.main;
  req.extensions = statics._extensions;
  req.cache = statics._cache;
  return req;
}

/** Drops a leading `#!` line (keeping the line count), which is not valid inside the module wrapper. */
function withoutShebang(content: string): string {
  return content.startsWith('#!') ? content.replace(/^#![^\r\n]*/, '') : content;
}

/**
 * The cache file for a process with these Node options, in `dir`: one per Node version and
 * architecture, and per set of options given (`--cpu-prof`, `--maglev`, ...: V8 refuses a cache
 * made under other flags, so processes run with and without them would otherwise rewrite one
 * file in turn). Options are told apart by name; their values (paths, sizes) do not count.
 */
export function moduleCacheFile(dir: string, execArgv: readonly string[], nodeOptions: string | undefined): string {
  const names = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)]
    .filter((a) => a.startsWith('--'))
    .map((a) => a.replace(/=.*$/s, ''));
  const key = [...new Set(names)].sort().join(' ');
  const suffix = key ? `-${createHash('sha1').update(key).digest('hex').slice(0, 10)}` : '';
  return path.join(dir, `${process.version}-${process.arch}${suffix}.bin`);
}

let state: { readonly file: string; hits: number; misses: number } | undefined;

/** What the cache did so far in this process; undefined when it is not enabled. */
export function moduleCodeCacheStats(): ModuleCodeCacheStats | undefined {
  return state ? { hits: state.hits, misses: state.misses, file: state.file } : undefined;
}

/**
 * Compiles the modules loaded from now on through the code cache (once per process; does
 * nothing when `BERTH_NO_CODE_CACHE` is set or it is already enabled).
 */
export function enableModuleCodeCache(options: ModuleCodeCacheOptions = {}): void {
  if (state || process.env.BERTH_NO_CODE_CACHE) return;
  const berthRoot = path.resolve(__dirname, '..', '..', '..') + path.sep;
  const include =
    options.include ?? ((f: string) => f.startsWith(berthRoot) || f.includes(`${path.sep}node_modules${path.sep}`));
  const file =
    options.file ?? moduleCacheFile(cacheDir('modules', __dirname), process.execArgv, process.env.NODE_OPTIONS);
  const s = { file, hits: 0, misses: 0 };
  state = s;
  const open = openCacheFile(file);
  if (open) markCacheUsed(file);
  const known: ReadonlyMap<string, IndexEntry> = open?.index ?? new Map();
  const loaded = new Map<string, Loaded>();
  const proto = Module.prototype as unknown as { _compile: Compile };
  const original = proto._compile;
  proto._compile = function compileWithCodeCache(this: Module, content: string, filename: string): unknown {
    if (!include(filename)) return original.call(this, content, filename);
    const source = withoutShebang(content);
    const hash = createHash('sha1').update(source, 'utf8').digest('hex');
    const entry = known.get(filename);
    const cachedData = open && entry && entry.hash === hash ? readEntry(open, entry) : undefined;
    let script: vm.Script;
    try {
      script = new vm.Script(Module.wrap(source), {
        filename,
        cachedData,
        importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
      });
    } catch {
      // A syntax error: let Node compile it, so that it reports it as it always does.
      return original.call(this, content, filename);
    }
    if (cachedData !== undefined && script.cachedDataRejected !== true) {
      s.hits++;
      loaded.set(filename, { hash });
    } else {
      s.misses++;
      loaded.set(filename, { hash, script });
    }
    const wrapper = script.runInThisContext({ displayErrors: true }) as Wrapper;
    return wrapper.call(this.exports, this.exports, makeRequire(this), this, filename, path.dirname(filename));
  };
  let saved = false;
  save = () => {
    if (saved) return;
    saved = true;
    if (s.misses === 0) {
      if (open) fs.closeSync(open.fd);
      return;
    }
    // Hits keep the data they were loaded from; entries of modules this run did not load stay
    // while their files exist (other commands load them).
    const entries = new Map<string, ModuleCacheEntry>();
    for (const [f, e] of known) {
      const mine = loaded.get(f);
      if (mine ? mine.script !== undefined || mine.hash !== e.hash : !fs.existsSync(f)) continue;
      const data = open && readEntry(open, e);
      if (data) entries.set(f, { hash: e.hash, data });
    }
    for (const [f, e] of loaded) if (e.script) entries.set(f, { hash: e.hash, data: e.script.createCachedData() });
    if (open) fs.closeSync(open.fd);
    writeCacheFile(file, encodeModuleCache(entries));
  };
  process.once('exit', save);
}

/** Writes the cache now rather than at exit (a worker thread that ends when the process does); once. */
export function saveModuleCodeCache(): void {
  save?.();
}

/** Writes the cache file (set while the cache is enabled). */
let save: (() => void) | undefined;
