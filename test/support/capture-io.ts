import { CommandIO } from '../../lib/cli/io';

/** A CommandIO that records what a command prints, for assertions. */
export function captureIO(stdin = ''): CommandIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(t: string) {
      io.out += t;
    },
    stderr(t: string) {
      io.err += t;
    },
    readStdin: async () => Buffer.from(stdin),
  };
  return io;
}

/** The same, as `{ io, out(), err() }` for tests that read the text after the command ran. */
export function bufferIO(stdin = ''): { io: CommandIO; out: () => string; err: () => string } {
  const io = captureIO(stdin);
  return { io, out: () => io.out, err: () => io.err };
}
