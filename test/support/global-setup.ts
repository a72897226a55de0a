import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Jest global setup: the test run gets a temporary folder of its own, and every temporary
 * folder a test (or a process it starts: the CLI, helm, kubectl) creates goes inside it, since
 * `os.tmpdir()` reads TMPDIR. The global teardown removes it, so runs leave nothing behind.
 */
export default function globalSetup(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-jest-'));
  process.env.BERTH_JEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
}
