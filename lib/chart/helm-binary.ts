import * as fs from 'fs';
import * as path from 'path';
import { yamlLibrary } from '../yaml/yaml-library';

/**
 * Where the Helm binary is: set by the `berth` command from `berth.helm` in `cdk8s.yaml`
 * ({@link configureHelmBinary}); otherwise the nearest `cdk8s.yaml` above the current folder is
 * read for it (a program run by jest or ts-node has no `berth` command around it); otherwise
 * `helm` on `PATH`. The binary never changes the output: the render cache is keyed by its version.
 */
interface Configured {
  readonly file: string | undefined;
  readonly config: string;
}

/** Kept on the global object: a program may load another copy of Berth than the command's. */
const CONFIGURED = Symbol.for('berth.helmBinary');
const slot = globalThis as unknown as { [CONFIGURED]?: Configured };

/**
 * Sets where the Helm binary comes from for this process: `file` (`berth.helm` of the project's
 * `config` file, resolved), or `helm` on PATH when `file` is undefined.
 */
export function configureHelmBinary(file: string | undefined, config: string): void {
  slot[CONFIGURED] = { file, config };
}

/** Why no Helm binary was found, with both ways to provide one. */
export class HelmBinaryMissing extends Error {
  public readonly hint =
    'Install Helm so that `helm` is on PATH, or set its path in cdk8s.yaml under `berth:` as `helm: path/to/helm` (relative to cdk8s.yaml).';
  public constructor(reason: string) {
    super(reason);
    this.name = 'HelmBinaryMissing';
  }
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** `berth.helm` of the nearest `cdk8s.yaml` above `start`, resolved against its folder. */
function fromProjectFile(start: string): { file: string | undefined; config: string } | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const config = path.join(dir, 'cdk8s.yaml');
    if (fs.existsSync(config)) {
      let doc: unknown;
      try {
        doc = yamlLibrary().parse(fs.readFileSync(config, 'utf8'));
      } catch {
        return undefined; // the berth command reports a broken cdk8s.yaml itself
      }
      const helm = (doc as { berth?: { helm?: unknown } } | null)?.berth?.helm;
      return { file: typeof helm === 'string' && helm.trim() ? path.resolve(dir, helm.trim()) : undefined, config };
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The Helm binary to run (see the module comment); throws {@link HelmBinaryMissing} when there is none. */
export function findHelmBinary(): string {
  const set = slot[CONFIGURED] ?? fromProjectFile(process.cwd());
  if (set?.file !== undefined) {
    if (isExecutable(set.file)) return set.file;
    throw new HelmBinaryMissing(
      `the Helm binary ${set.file} set in ${set.config} (berth.helm) is not an executable file`,
    );
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, 'helm');
    if (isExecutable(file)) return file;
  }
  throw new HelmBinaryMissing(
    `no Helm binary: \`helm\` is not on PATH and ${set?.config ?? 'cdk8s.yaml'} sets no berth.helm`,
  );
}

/** Forgets {@link configureHelmBinary}: the nearest `cdk8s.yaml`, then PATH, decide again. */
export function clearHelmBinary(): void {
  delete slot[CONFIGURED];
}
