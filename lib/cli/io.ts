import * as fs from 'fs';
import { InputTooLarge } from '../io/input-bytes';

/** Where a command writes and reads: the process, or a buffer in tests. */
export interface CommandIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * The bytes of standard input, up to its end. Rejects with {@link InputTooLarge} past
   * `maxBytes`, and with the system's error when it cannot be read (`EBADF`: closed; `EISDIR`:
   * a folder, as in `berth validate - < dist`).
   */
  readStdin(maxBytes?: number): Promise<Buffer>;
}

/** The process's standard streams. */
export const processIO: CommandIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readStdin: (maxBytes = Infinity) =>
    new Promise((resolve, reject) => {
      let stat: fs.Stats;
      try {
        stat = fs.fstatSync(0);
      } catch (e) {
        reject(e);
        return;
      }
      // Node reads a folder on standard input as an empty stream: say what it is instead.
      if (stat.isDirectory()) {
        reject(Object.assign(new Error('EISDIR: standard input is a folder'), { code: 'EISDIR' }));
        return;
      }
      if (stat.isFile() && stat.size > maxBytes) {
        reject(new InputTooLarge(maxBytes, stat.size));
        return;
      }
      const stdin = process.stdin;
      const chunks: Buffer[] = [];
      let total = 0;
      const onData = (c: Buffer): void => {
        total += c.length;
        if (total <= maxBytes) {
          chunks.push(c);
          return;
        }
        stdin.off('data', onData);
        stdin.destroy();
        reject(new InputTooLarge(maxBytes));
      };
      stdin.on('data', onData);
      stdin.on('end', () => resolve(Buffer.concat(chunks, total)));
      stdin.on('error', reject);
    }),
};
