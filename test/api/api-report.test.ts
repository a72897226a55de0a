import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tmpDir } from '../support/file-tree';

const repo = path.resolve(__dirname, '../..');

/** Copies what `node scripts/api-report.js` reads: the build's declarations, the reports and the configs. */
function copyOfProject(): string {
  const dir = tmpDir('berth-api-');
  const copyDeclarations = (from: string, to: string): void => {
    fs.mkdirSync(to, { recursive: true });
    for (const e of fs.readdirSync(from, { withFileTypes: true })) {
      if (e.isDirectory()) copyDeclarations(path.join(from, e.name), path.join(to, e.name));
      else if (e.name.endsWith('.d.ts')) fs.copyFileSync(path.join(from, e.name), path.join(to, e.name));
    }
  };
  copyDeclarations(path.join(repo, 'build', 'lib'), path.join(dir, 'build', 'lib'));
  for (const f of [
    'package.json',
    'api-extractor.json',
    'api-extractor.testing.json',
    'scripts/api-report.js',
    'etc/berth.api.md',
    'etc/berth-testing.api.md',
  ]) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(path.join(repo, f), path.join(dir, f));
  }
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

test('the API check fails when lib/index.ts exports one more name, shows the difference and says how to accept it', () => {
  const dir = copyOfProject();
  const index = path.join(dir, 'build', 'lib', 'index.d.ts');
  fs.appendFileSync(index, "export { renderMetadata } from './core/api-resource';\n");
  const committed = fs.readFileSync(path.join(dir, 'etc', 'berth.api.md'), 'utf8');

  const r = spawnSync(process.execPath, ['scripts/api-report.js'], { cwd: dir, encoding: 'utf8' });

  expect(r.status).toBe(1);
  // The difference is this one function, and nothing else (the committed report is current).
  const changes = r.stderr.split('\n').filter((l) => /^[-+]/.test(l) && !/^(---|\+\+\+) /.test(l));
  expect(changes).toEqual(['+export function renderMetadata(obj: ApiObject): unknown;', '+', '+// @public']);
  expect(r.stderr).toContain(
    'The public API differs from etc/berth.api.md (the differences are above).\n' +
      'If the change is deliberate, run `npm run api:update` and commit the updated report with it; ' +
      'otherwise, change lib/index.ts or lib/testing/index.ts (or the exported declarations) back.\n',
  );
  expect(r.stderr).not.toContain('berth-testing.api.md');
  // The check rewrites no report.
  expect(fs.readFileSync(path.join(dir, 'etc', 'berth.api.md'), 'utf8')).toBe(committed);
});
