import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../lib/cli/main';
import { synthProject } from '../../lib/cli/commands/synth-command';
import { manifestText } from '../../lib/output/output-manifest';
import { captureIO } from '../support/capture-io';

const repo = path.resolve(__dirname, '../..');

test('the committed dist/ is what the reference platform synthesizes now (berth diff --charts exits 0)', async () => {
  const io = captureIO();
  const code = await main(['diff', '--charts'], io, repo);
  // On failure: run `npx berth synth --format all` and commit dist/.
  expect(io.err).toBe('');
  expect(io.out).toContain('No differences');
  expect(code).toBe(0);
});

test('the committed dist/.berth-output lists exactly the files synth writes (berth diff does not compare it)', async () => {
  const { files } = await synthProject({ cwd: repo, format: 'all', dryRun: true });
  // On failure: run `npx berth synth --format all` and commit dist/.
  expect(fs.readFileSync(path.join(repo, 'dist', '.berth-output'), 'utf8')).toBe(manifestText(files));
});
