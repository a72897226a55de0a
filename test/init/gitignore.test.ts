import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { initProject } from '../../lib/init/init-project';
import { tmpDir } from '../support/file-tree';

const REPO = path.resolve(__dirname, '..', '..');

/** Which of `paths` the .gitignore files of the Git work tree `dir` ignore (`git check-ignore`). */
function ignored(dir: string, paths: readonly string[]): string[] {
  const r = spawnSync('git', ['check-ignore', '--no-index', '--stdin'], {
    cwd: dir,
    input: paths.join('\n'),
    encoding: 'utf8',
  });
  return r.stdout.split('\n').filter(Boolean);
}

// What synth makes next to the output folder (and inside it, for a mount point) while it runs.
const SYNTH_FILES = [
  '.dist.staging-123-AbC123',
  '.dist.staging-123-AbC123.old',
  '.dist.staging-lock',
  '.dist.staging-journal',
  '.dist.staging-123-stale-lock',
  'dist/.dist.staging-123-AbC123',
];
// What synth writes for good: committed.
const OUTPUT = ['dist/.berth-output', 'dist/dev/shop/kustomization.yaml'];

test.each([
  [
    'the project berth init scaffolds',
    (): string => {
      const dir = tmpDir('berth-gitignore-');
      initProject(dir);
      spawnSync('git', ['init', '-q'], { cwd: dir });
      return dir;
    },
  ],
  ['this repository', (): string => REPO],
])("%s ignores synth's staging folders, lock and journal, and not its output", (_label, dir) => {
  expect(ignored(dir(), [...SYNTH_FILES, ...OUTPUT])).toEqual(SYNTH_FILES);
});

test("the scaffold also ignores berth package's default output folder", () => {
  const dir = tmpDir('berth-gitignore-');
  initProject(dir);
  spawnSync('git', ['init', '-q'], { cwd: dir });
  expect(ignored(dir, ['packages/shop-1.0.0.tgz', 'packages/index.yaml'])).toEqual([
    'packages/shop-1.0.0.tgz',
    'packages/index.yaml',
  ]);
  expect(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')).toContain('.*.staging-*\n');
});
