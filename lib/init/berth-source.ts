import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../model/usage-error';

/**
 * Where a new project gets Berth from, as `package.json` will say it:
 * - `version`: a registry version or range (`^0.1.0`), installed from the npm registry;
 * - `link`: a Berth folder on this machine (`file:/abs/path`), linked, not copied: only for
 *   working on Berth itself, since the project then installs on this machine only;
 * - `tarball`: a packed Berth (`.tgz`), copied into the project as `vendor/<file name>` and
 *   depended on as `file:vendor/<file name>`, so the project installs anywhere.
 */
export type BerthDependency = { readonly version: string } | { readonly link: string } | { readonly tarball: string };

/** The package name Berth is published under. */
export const BERTH_PACKAGE = 'berth-k8s';

// SemVer 2 (semver.org's grammar), optionally as a caret or tilde range of that version.
const SEMVER =
  /^[\^~]?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*)?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$/;

/**
 * `--berth-version`: checked offline, so only its form: a SemVer version, or `^`/`~` and one.
 * Whether the registry has it shows at `npm install` (npm's `ETARGET`), since init never
 * touches the network.
 */
export function versionDependency(version: string): BerthDependency {
  if (!SEMVER.test(version)) {
    throw new UsageError(
      `--berth-version ${JSON.stringify(version)} is not a version: expected a SemVer version such as 0.1.0, or ^0.1.0 / ~0.1.0; nothing was written`,
      `See the published versions with \`npm view ${BERTH_PACKAGE} versions\`, or leave the flag out to use the Berth running this command.`,
    );
  }
  return { version };
}

/**
 * `--berth-path`: a Berth folder (a checkout or an unpacked package: its `package.json` is
 * named berth-k8s) is linked; a `.tgz` file (from `npm pack`) is vendored.
 */
export function pathDependency(given: string, cwd: string): BerthDependency {
  const abs = path.resolve(cwd, given);
  const hint = `Pass a Berth checkout (a folder whose package.json is named ${BERTH_PACKAGE}) or a tarball made by \`npm pack\` there (${BERTH_PACKAGE}-<version>.tgz).`;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch {
    throw new UsageError(`--berth-path ${given}: no such file or folder (${abs}); nothing was written`, hint);
  }
  if (stat.isDirectory()) {
    const name = packageName(path.join(abs, 'package.json'));
    if (name !== BERTH_PACKAGE) {
      throw new UsageError(
        `--berth-path ${given}: ${name === undefined ? 'has no readable package.json' : `its package.json names ${JSON.stringify(name)}, not ${BERTH_PACKAGE}`}; nothing was written`,
        hint,
      );
    }
    return { link: abs };
  }
  if (stat.isFile() && abs.endsWith('.tgz') && isGzip(abs)) return { tarball: abs };
  throw new UsageError(`--berth-path ${given}: neither a Berth folder nor a .tgz package; nothing was written`, hint);
}

function packageName(file: string): string | undefined {
  try {
    const name = (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

function isGzip(file: string): boolean {
  const head = Buffer.alloc(2);
  const fd = fs.openSync(file, 'r');
  try {
    return fs.readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    fs.closeSync(fd);
  }
}

// How npm itself tells a registry tarball URL (.../-/name-1.2.3.tgz) from other sources.
const REGISTRY_URL = /^https?:\/\/[^/]+\/.+\/-\/[^/]+-\d/;

/**
 * Whether the Berth in `root` is a release installed from the registry. The rule: it sits
 * directly in a `node_modules` folder, has no `.git`, and the npm install that put it there
 * (its `node_modules/.package-lock.json`, when there is one) resolved it from a registry URL.
 * A checkout, a `file:` link or tarball, or a git install is not: the new project then gets a
 * packed copy of it. An install without that lock file (a global install, another package
 * manager) counts as a registry release.
 */
export function isRegistryRelease(root: string): boolean {
  const nodeModules = path.dirname(root);
  if (path.basename(nodeModules) !== 'node_modules' || fs.existsSync(path.join(root, '.git'))) return false;
  let lock: { packages?: Record<string, { resolved?: unknown; link?: unknown }> };
  try {
    lock = JSON.parse(fs.readFileSync(path.join(nodeModules, '.package-lock.json'), 'utf8'));
  } catch {
    return true;
  }
  const project = path.dirname(nodeModules);
  const entry = Object.entries(lock.packages ?? {}).find(([key]) => path.resolve(project, key) === root)?.[1];
  if (!entry) return true;
  return typeof entry.resolved === 'string' && REGISTRY_URL.test(entry.resolved);
}

/**
 * Packs the Berth in `root` into `dest` with `npm pack --ignore-scripts` (what is there is
 * packed as it is: the running Berth, already built) and returns the tarball's path.
 */
export function packBerth(root: string, dest: string): string {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  let out: string;
  try {
    out = execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    });
  } catch (e) {
    const detail = String((e as { stderr?: string }).stderr || (e as Error).message).trim();
    throw new UsageError(
      `could not pack the Berth in ${root} with \`npm pack\` (${detail.split('\n').slice(-3).join(' ')}); nothing was written`,
      'Is npm on the PATH? Or pass --berth-version VERSION (a registry release) or --berth-path FILE.tgz.',
      1,
    );
  }
  const filename = (JSON.parse(out) as { filename: string }[])[0].filename;
  return path.join(dest, path.basename(filename));
}
