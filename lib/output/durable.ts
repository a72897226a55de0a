import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/*
 * Making the output survive a power cut: its files must be on the disk before the renames that
 * swap it in, or a crash can leave a swapped-in folder of empty files (on ext4 and XFS, the
 * rename may reach the disk before the data).
 */

/**
 * Flushes everything written under `dir` to the disk. On Linux, one `sync -f <dir>` process
 * (syncfs: the whole file system that holds `dir`, one system call however many files there
 * are); elsewhere, or when that fails, an fsync of every file and folder below it.
 */
export function syncTree(dir: string): void {
  if (process.platform === 'linux') {
    const r = spawnSync('sync', ['-f', dir], { stdio: 'ignore' });
    if (r.status === 0) return;
  }
  fsyncTree(dir);
}

function fsyncTree(dir: string): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) fsyncTree(p);
    else if (e.isFile()) fsyncPath(p);
  }
  fsyncPath(dir);
}

/**
 * Flushes one file or folder (a folder: its entries, so that a rename in it is on the disk).
 * Folders cannot be opened for fsync on every platform (Windows); that is skipped.
 */
export function fsyncPath(p: string): void {
  let fd: number;
  try {
    fd = fs.openSync(p, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EISDIR' || (e as NodeJS.ErrnoException).code === 'EPERM') return;
    throw e;
  }
  try {
    fs.fsyncSync(fd);
  } catch (e) {
    // A folder on a platform or file system that does not sync folders.
    if (!['EINVAL', 'EPERM', 'EBADF', 'ENOTSUP'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
  } finally {
    fs.closeSync(fd);
  }
}
