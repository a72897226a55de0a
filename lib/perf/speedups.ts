import { v8CodeCache, uncachedLoader } from './code-cache';
import { FS_DISK_CACHE, NO_DISK_CACHE } from './disk-cache';
import { DiskCache, Speedups } from './interfaces';

export type { CodeCache, DiskCache, Speedups } from './interfaces';
export { FS_DISK_CACHE, NO_DISK_CACHE } from './disk-cache';

/**
 * Below this many objects the output is written on the calling thread. The thread costs about
 * 10 MiB; at 6,000 objects it saves 4% of the synth's time, below a few thousand it saves
 * nothing worth that.
 */
export const THREADED_WRITE_MIN_OBJECTS = 5_000;

/** Which parts of {@link Speedups} are on; each is on unless told otherwise. */
export interface SpeedupOptions {
  /** Read and write `node_modules/.cache/berth/` (true), nothing (false), or this cache. @default true */
  readonly diskCache?: boolean | DiskCache;
  /** Load cached validators through V8's code cache. @default true, false when `BERTH_NO_CODE_CACHE` is set */
  readonly codeCache?: boolean;
  /** See {@link Speedups.threadedWriteMinObjects}. @default 5000 */
  readonly threadedWriteMinObjects?: number;
}

/**
 * The machinery of one run, made afresh (the code cache remembers what this run loaded). What
 * the orchestrator uses when its caller chose nothing: everything on, as `berth` always ran;
 * a library caller (`synthesize()`, `platform.synth()`, tests) gets the same, since no part
 * changes output and the caches spare each run the compiling.
 */
export function speedups(options: SpeedupOptions = {}, env: NodeJS.ProcessEnv = process.env): Speedups {
  const chosen = options.diskCache ?? true;
  // The code cache reads and writes through the same disk cache.
  const diskCache = chosen === true ? FS_DISK_CACHE : chosen === false ? NO_DISK_CACHE : chosen;
  const codeCache = options.codeCache ?? !env.BERTH_NO_CODE_CACHE;
  return {
    diskCache,
    codeCache: codeCache ? v8CodeCache(diskCache) : uncachedLoader(diskCache),
    threadedWriteMinObjects: options.threadedWriteMinObjects ?? THREADED_WRITE_MIN_OBJECTS,
  };
}

/** Every part off: no cache read or written, no thread (to compare against, or to rule them out). */
export function noSpeedups(): Speedups {
  return speedups({ diskCache: false, codeCache: false, threadedWriteMinObjects: Infinity });
}
