/**
 * Modules the `berth` command loads only when they are used. cdk8s loads its own copy of the
 * `yaml` package when it is loaded, for `Yaml.load`/`Yaml.stringify`, which synth never calls
 * (Berth has its own emitter): about a quarter of the start-up's module loading. Here cdk8s
 * gets a stand-in that loads the package on first use, so a program that does call cdk8s's
 * YAML functions still works. `BERTH_NO_DEFERRED_MODULES=1` turns it off (Node then loads every
 * module as the program asks for it).
 */
import Module from 'module';
import * as path from 'path';

type Load = (request: string, parent: Module | undefined, isMain: boolean) => unknown;

/** `yaml` as cdk8s requires it (from its `lib/` folder). */
function isCdk8sYaml(request: string, parent: Module | undefined): boolean {
  const from = parent?.filename;
  return (
    request === 'yaml' &&
    from !== undefined &&
    from.includes(`${path.sep}node_modules${path.sep}cdk8s${path.sep}lib${path.sep}`)
  );
}

/**
 * A stand-in for a module that loads it on first use: reading, listing or testing any of its
 * members loads it. `__esModule` is answered without loading (TypeScript's `__importStar`
 * asks for it when the requiring module loads).
 */
function deferred(load: () => object): object {
  let real: object | undefined;
  const target = (): object => (real ??= load());
  return new Proxy(
    {},
    {
      get: (_t, key) => (key === '__esModule' ? true : Reflect.get(target(), key)),
      has: (_t, key) => Reflect.has(target(), key),
      ownKeys: () => Reflect.ownKeys(target()),
      getOwnPropertyDescriptor: (_t, key) => {
        const d = Reflect.getOwnPropertyDescriptor(target(), key);
        // The stand-in's own target is empty: a proxy may not report a fixed member it lacks.
        return d ? { ...d, configurable: true } : undefined;
      },
    },
  );
}

let enabled = false;

/** Defers the modules above for the rest of the process (once; not with `BERTH_NO_DEFERRED_MODULES`). */
export function deferUnusedModules(env: NodeJS.ProcessEnv = process.env): void {
  if (enabled || env.BERTH_NO_DEFERRED_MODULES) return;
  enabled = true;
  const statics = Module as unknown as { _load: Load };
  const original = statics._load;
  const loads = new Map<string, object>();
  statics._load = function deferringLoad(
    this: unknown,
    request: string,
    parent: Module | undefined,
    isMain: boolean,
  ): unknown {
    if (!isCdk8sYaml(request, parent)) return original.call(this, request, parent, isMain);
    const key = parent!.filename;
    let stand = loads.get(key);
    if (!stand) loads.set(key, (stand = deferred(() => original.call(this, request, parent, isMain) as object)));
    return stand;
  };
}
