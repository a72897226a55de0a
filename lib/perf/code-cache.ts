import Module from 'module';
import * as path from 'path';
import * as vm from 'vm';
import { CodeCache, DiskCache } from './interfaces';

/*
 * Loading large generated CommonJS modules (Berth's cached validators), from a disk cache.
 * {@link v8CodeCache} goes through V8's code cache, kept next to each module as
 * `<file>.v8cache`: V8 then neither parses the module again nor compiles again the functions
 * the run that wrote the cache had used. A missing, stale or foreign cache (another Node
 * version) is rejected by V8 and written again; it only saves time.
 */

type ModuleWrapper = (
  exports: unknown,
  require: NodeRequire,
  module: { exports: unknown },
  filename: string,
  dirname: string,
) => void;

/** Runs a compiled module wrapper like `require` would; not registered in `require.cache`. */
function run(script: vm.Script, file: string): unknown {
  const wrapper = script.runInThisContext() as ModuleWrapper;
  const mod = { exports: {} as unknown };
  wrapper.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  return mod.exports;
}

/**
 * Loads modules through V8's code cache. The modules it loaded without a usable code cache are
 * remembered (by this object only: the orchestrator makes one per run) until {@link CodeCache.persist}.
 */
export function v8CodeCache(disk: DiskCache): CodeCache {
  const pending: { readonly script: vm.Script; readonly file: string }[] = [];
  return {
    load(file: string): unknown {
      const source = disk.readText(file);
      if (source === undefined) return undefined;
      const cacheFile = `${file}.v8cache`;
      // No code cache yet: persist writes it.
      const cachedData = disk.readBytes(cacheFile);
      const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
      if (cachedData === undefined || script.cachedDataRejected === true) pending.push({ script, file: cacheFile });
      return run(script, file);
    },
    persist(): string[] {
      const written: string[] = [];
      for (const { script, file } of pending.splice(0)) {
        disk.write(file, script.createCachedData());
        written.push(file);
      }
      return written;
    },
  };
}

/** Loads modules from source, without V8's code cache (`BERTH_NO_CODE_CACHE`). */
export function uncachedLoader(disk: DiskCache): CodeCache {
  return {
    load(file: string): unknown {
      const source = disk.readText(file);
      return source === undefined ? undefined : run(new vm.Script(Module.wrap(source), { filename: file }), file);
    },
    persist: () => [],
  };
}
