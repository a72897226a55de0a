import * as fs from 'fs';

/** Where a command writes and reads: the process, or a buffer in tests. */
export interface CommandIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * The bytes of standard input, up to its end. Rejects with the system's error when it cannot
   * be read (`EBADF`: closed; `EISDIR`: a folder, as in `berth validate - < dist`).
   */
  readStdin(): Promise<Buffer>;
}

/** The process's standard streams. */
export const processIO: CommandIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readStdin: () => new Promise((resolve, reject) => {
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
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks)));
    process.stdin.on('error', reject);
  }),
};
