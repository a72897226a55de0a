/**
 * Synth could not replace the output folder for a reason in the folder or its disk, not in the
 * program: another synth holds it, the disk is full, it holds files Berth did not write. The
 * previous output is unchanged. The CLI prints the message and the hint, without a stack.
 */
export class OutputFolderError extends Error {
  public constructor(
    message: string,
    public readonly hint: string,
  ) {
    super(message);
    this.name = 'OutputFolderError';
  }
}

/** The output folder holds an entry synth did not write (see foreignEntryRefusal). */
export class ForeignEntryError extends OutputFolderError {}
