import { spawnSync } from 'child_process';
import { tmpDir } from './file-tree';

/**
 * Whether this process may mount a tmpfs (root on Linux), for the tests of mount points and
 * full disks; when not, says on stderr that `what` is skipped.
 */
export function canMountTmpfs(what: string): boolean {
  let ok = false;
  if (process.platform === 'linux') {
    const probe = tmpDir('berth-mount-probe-');
    ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe]).status === 0;
    if (ok) spawnSync('umount', [probe]);
  }
  if (!ok) process.stderr.write(`skipping ${what}: this process cannot mount a tmpfs (it needs root on Linux)\n`);
  return ok;
}
