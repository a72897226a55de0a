import { spawnSync } from 'child_process';
import * as path from 'path';

const stagedTree = path.resolve(__dirname, '..', '..', 'build', 'lib', 'output', 'staged-tree.js');

/**
 * Commits `files` (relative path → text) over the output folder `out` in a child process (the
 * built StagedTree) that is SIGKILLed at the `killAt`-th step of the swap (1: its journal
 * written; then after each rename). Returns how the child ended.
 */
export function commitKilledAt(
  out: string,
  files: Record<string, string>,
  killAt: number,
): { signal: NodeJS.Signals | null; stderr: string } {
  const script = `
    const { StagedTree } = require(${JSON.stringify(stagedTree)});
    let step = 0;
    const tree = new StagedTree(${JSON.stringify(out)}, { onSwapStep: () => { if (++step === ${killAt}) process.kill(process.pid, 'SIGKILL'); } });
    for (const [rel, text] of Object.entries(${JSON.stringify(files)})) tree.add(rel, text);
    tree.commit();
  `;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  return { signal: r.signal, stderr: r.stderr };
}
