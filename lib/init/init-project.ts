import * as fs from 'fs';
import * as path from 'path';
import { berthPackage } from '../core/berth-package';

export { berthPackage } from '../core/berth-package';
export type { BerthPackage } from '../core/berth-package';
import { projectFiles, TemplateValues } from './template/project-files';
import { BerthDependency } from './berth-source';

/** Options of {@link initProject}. */
export interface InitOptions {
  /**
   * Where the project gets Berth from; a tarball is copied to `vendor/`.
   * @default - `^` the running berth's version, from the registry
   */
  readonly berth?: BerthDependency;
  /**
   * Initialize a folder that is not empty: files that already exist are kept as they are
   * (never overwritten) and reported in `skipped`. @default false
   */
  readonly force?: boolean;
}

/** What {@link initProject} did. */
export interface InitResult {
  /** Files written, relative to the folder, in template order. */
  readonly written: readonly string[];
  /** Files that existed and were left unchanged (`force` only). */
  readonly skipped: readonly string[];
  /** The Berth dependency written to package.json (`^0.1.0`, `file:vendor/berth-k8s-0.1.0.tgz`). */
  readonly berth: string;
}

/** Thrown when the folder is not empty and `force` is not set; lists what is there. */
export class FolderNotEmpty extends Error {
  public constructor(
    public readonly dir: string,
    public readonly entries: readonly string[],
  ) {
    super(`${dir} is not empty (${entries.slice(0, 5).join(', ')}${entries.length > 5 ? ', ...' : ''})`);
    this.name = 'FolderNotEmpty';
  }
}

/**
 * The template values for a project in `dir`: the dev tools pinned to the versions berth is
 * tested with, and cdk8s and constructs to the ranges Berth itself depends on (code that
 * `berth import` generates imports them; the same ranges let npm install one copy of each).
 */
export function templateValues(dir: string, berth: string): TemplateValues {
  const pkg = berthPackage();
  const tool = (name: string): string => pkg.devDependencies[name] ?? pkg.dependencies[name] ?? '*';
  const name =
    path
      .basename(path.resolve(dir))
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[._-]+/, '') || 'platform';
  return {
    name,
    berth,
    dependencies: Object.fromEntries(['cdk8s', 'constructs'].map((n) => [n, tool(n)])),
    devDependencies: Object.fromEntries(
      ['@types/jest', '@types/node', 'jest', 'ts-jest', 'typescript'].map((n) => [n, tool(n)]),
    ),
  };
}

/** Throws {@link FolderNotEmpty} when `dir` holds anything but `.git` and `force` is not set. */
export function checkFolder(dir: string, force = false): void {
  const entries = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((e) => e !== '.git')
        .sort()
    : [];
  if (entries.length > 0 && !force) throw new FolderNotEmpty(dir, entries);
}

/**
 * Writes a new Berth project into `dir` (created when missing): package.json, cdk8s.yaml,
 * apps/main.ts (one app with its Namespace, `dev` and `prod` environments), a test,
 * tsconfig.json, jest.config.js, .gitignore, a README, a GitHub Actions workflow and, for a
 * tarball dependency, `vendor/<tarball>`.
 *
 * Refuses a folder that has anything in it but `.git` (throws {@link FolderNotEmpty}) unless
 * `force` is set; with `force`, existing files are never overwritten: they are skipped and
 * listed in the result.
 */
export function initProject(dir: string, options: InitOptions = {}): InitResult {
  const root = path.resolve(dir);
  checkFolder(root, options.force);
  const berth = options.berth ?? { version: `^${berthPackage().version}` };
  // A tarball goes into the project, so that it installs on a machine without this one's files.
  const vendored = 'tarball' in berth ? `vendor/${path.basename(berth.tarball)}` : undefined;
  const spec = 'version' in berth ? berth.version : 'link' in berth ? `file:${berth.link}` : `file:${vendored}`;
  const files: [string, string | { copyOf: string }][] = [...projectFiles(templateValues(root, spec))];
  if ('tarball' in berth && vendored) files.push([vendored, { copyOf: berth.tarball }]);
  const written: string[] = [];
  const skipped: string[] = [];
  for (const [rel, content] of files) {
    const file = path.join(root, rel);
    if (fs.existsSync(file)) {
      skipped.push(rel);
      continue;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (typeof content === 'string') fs.writeFileSync(file, content, { flag: 'wx' });
    else fs.copyFileSync(content.copyOf, file, fs.constants.COPYFILE_EXCL);
    written.push(rel);
  }
  return { written, skipped, berth: spec };
}
