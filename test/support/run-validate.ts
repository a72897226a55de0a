import { runValidateCommand } from '../../lib/cli/commands/validate-command';

/** What a command printed, and its exit code. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `berth validate args`; `stdin` is its standard input's text or bytes, or the error reading it gives. */
export async function runValidate(args: string[], stdin: string | Buffer | Error = ''): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const readStdin = async (): Promise<Buffer> => {
    if (stdin instanceof Error) throw stdin;
    return Buffer.from(stdin);
  };
  const code = await runValidateCommand(args, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    readStdin,
  });
  return { code, stdout, stderr };
}
