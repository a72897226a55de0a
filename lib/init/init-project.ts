import * as fs from 'fs';
import * as path from 'path';
import { berthPackage } from '../core/berth-package';

export { berthPackage } from '../core/berth-package';
export type { BerthPackage } from '../core/berth-package';
import { projectFiles, TemplateValues } from './template/project-files';

/** Options of {@link initProject}. */
export interface InitOptions {
  /** The `berth` dependency written to package.json: a range or `file:` path. @default - `^` the running berth's version */
  readonly berth?: string;
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

/** The template values for a project in `dir`: the dev tools pinned to the versions berth is tested with. */
export function templateValues(dir: string, berth?: string): TemplateValues {
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
    berth: berth ?? `^${pkg.version}`,
    devDependencies: Object.fromEntries(
      ['@types/jest', '@types/node', 'jest', 'ts-jest', 'typescript'].map((n) => [n, tool(n)]),
    ),
  };
}

/**
 * Writes a new Berth project into `dir` (created when missing): package.json, cdk8s.yaml,
 * apps/main.ts (one app, `dev` and `prod` environments), a test, tsconfig.json,
 * jest.config.js, .gitignore and a README.
 *
 * Refuses a folder that has anything in it but `.git` (throws {@link FolderNotEmpty}) unless
 * `force` is set; with `force`, existing files are never overwritten: they are skipped and
 * listed in the result.
 */
export function initProject(dir: string, options: InitOptions = {}): InitResult {
  const root = path.resolve(dir);
  const entries = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((e) => e !== '.git')
        .sort()
    : [];
  if (entries.length > 0 && !options.force) {
    throw new FolderNotEmpty(root, entries);
  }
  const written: string[] = [];
  const skipped: string[] = [];
  for (const [rel, content] of projectFiles(templateValues(root, options.berth))) {
    const file = path.join(root, rel);
    if (fs.existsSync(file)) {
      skipped.push(rel);
      continue;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content, { flag: 'wx' });
    written.push(rel);
  }
  return { written, skipped };
}
