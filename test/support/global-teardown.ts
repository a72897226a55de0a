import * as fs from 'fs';

/** Jest global teardown: removes the run's temporary folder (see global-setup). */
export default function globalTeardown(): void {
  const dir = process.env.BERTH_JEST_TMPDIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
