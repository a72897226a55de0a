import { cacheDir, readCacheBytes, readCacheFile, writeCacheFile } from './cache-dir';
import { DiskCache } from './interfaces';

/** The cache folders on disk (see ./cache-dir): what every run used before the parts were switchable. */
export const FS_DISK_CACHE: DiskCache = {
  dir: cacheDir,
  readText: readCacheFile,
  readBytes: readCacheBytes,
  write: writeCacheFile,
};

/** No cache: nothing is read, nothing written (every validator is compiled, every chart rendered). */
export const NO_DISK_CACHE: DiskCache = {
  dir: cacheDir,
  readText: () => undefined,
  readBytes: () => undefined,
  write: () => undefined,
};
