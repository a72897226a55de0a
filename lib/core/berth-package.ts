import * as fs from 'fs';
import * as path from 'path';

/** What Berth reads of its own package.json. */
export interface BerthPackage {
  /** The folder holding this package.json: the checkout, or the installed package. */
  readonly root: string;
  readonly version: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
}

/** Berth's own package.json, found upwards from this file (`lib/core` or `build/lib/core`). */
export function berthPackage(): BerthPackage {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<BerthPackage> & { name?: string };
      if (pkg.name === 'berth-k8s') {
        return {
          root: dir,
          version: pkg.version ?? '0.0.0',
          dependencies: pkg.dependencies ?? {},
          devDependencies: pkg.devDependencies ?? {},
        };
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`cannot find berth's package.json above ${__dirname}`);
  }
}

/** The folder of Berth's own package (holding its package.json, `lib/` and `build/`). */
export function berthPackageDir(): string {
  return berthPackage().root;
}
