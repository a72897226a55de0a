import * as path from 'path';
import { main } from '../../lib/cli/main';
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
