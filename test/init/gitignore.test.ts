import { spawnSync } from 'child_process';
import { initProject } from '../../lib/init/init-project';
import { tmpDir } from '../support/file-tree';

/** Which of `paths` the .gitignore files of the Git work tree `dir` ignore (`git check-ignore`). */
function ignored(dir: string, paths: readonly string[]): string[] {
  const r = spawnSync('git', ['check-ignore', '--no-index', '--stdin'], { cwd: dir, input: paths.join('\n'), encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean);
}

test("the scaffold ignores berth package's default output folder", () => {
  const dir = tmpDir('berth-gitignore-');
  initProject(dir);
  spawnSync('git', ['init', '-q'], { cwd: dir });
  expect(ignored(dir, ['packages/shop-1.0.0.tgz', 'packages/index.yaml', 'dist/charts/shop/Chart.yaml'])).toEqual(['packages/shop-1.0.0.tgz', 'packages/index.yaml']);
});
