/*
 * The speed-up machinery as the rest of lib/ sees it: small interfaces that the orchestrator
 * (`runSynthesis`, the CLI's commands) creates and passes down. A stage never picks an
 * implementation itself; it takes what it is given (see `speedups()` in ./speedups for the
 * implementations and the defaults). Every part only saves time: turning any of them off
 * changes no output, byte for byte.
 */

/**
 * Files kept between runs under `node_modules/.cache/berth/` (compiled validators, the kind
 * index, rendered vendored charts). Reading an entry marks it used; a write that fails is
 * skipped (a read-only or full disk only costs time).
 */
export interface DiskCache {
  /** The folder of the cache `name`, near `start` (the nearest folder with a `node_modules`). */
  dir(name: string, start?: string): string;
  /** The entry's text, or undefined when there is none. */
  readText(file: string): string | undefined;
  /** The entry's bytes, or undefined when there is none. */
  readBytes(file: string): Buffer | undefined;
  /** Writes the entry (atomically). */
  write(file: string, content: string | Uint8Array): void;
}

/**
 * Loads generated CommonJS modules kept in a {@link DiskCache} (compiled schema validators),
 * possibly through V8's code cache so that V8 neither parses nor compiles them again.
 */
export interface CodeCache {
  /**
   * The exports of the CommonJS module `file` (its own `require` resolves from its folder), or
   * undefined when the disk cache holds no such file. Throws what the module throws.
   */
  load(file: string): unknown;
  /**
   * Writes the code caches of the modules loaded without a usable one; returns their paths.
   * Called once the modules have done their work, so that the caches hold what they compiled.
   */
  persist(): string[];
}

/** The speed-up machinery of one synth or validation, each part switchable. */
export interface Speedups {
  /** Where cached files are read and written. */
  readonly diskCache: DiskCache;
  /** How cached validators are loaded. */
  readonly codeCache: CodeCache;
  /**
   * From this many objects on, the output is written by a thread while validation runs (the
   * files rendered before validation); `Infinity` writes on the calling thread, always.
   */
  readonly threadedWriteMinObjects: number;
}
