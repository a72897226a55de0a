import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { importCrds } from '../../lib/import';
import { cleanTempDirs, REPO, tempDir } from './helpers';

afterAll(cleanTempDirs);

const GOLDEN = join(REPO, 'test/fixtures/import/snapshot.storage.k8s.io.golden.txt');

/** The hash line changes with the generator's code; everything else must match the golden file. */
function withoutHash(text: string): string {
  return text.replace(/^\/\/ berth-import-hash: [0-9a-f]{64}$/m, '// berth-import-hash: <hash>');
}

test('the module generated for VolumeSnapshotClass matches the golden file', () => {
  const out = tempDir();
  const cwd = process.cwd();
  process.chdir(REPO);
  try {
    const result = importCrds({
      outDir: out,
      inputs: ['test/fixtures/crds-corpus/snapshot.storage.k8s.io_volumesnapshotclasses.yaml'],
    });
    expect(result.diagnostics).toEqual([]);
  } finally {
    process.chdir(cwd);
  }
  const actual = withoutHash(readFileSync(join(out, 'snapshot.storage.k8s.io.ts'), 'utf8'));
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, actual);
  expect(actual).toBe(readFileSync(GOLDEN, 'utf8'));
});
