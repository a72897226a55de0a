/** An error in how berth was called or configured: printed as a message and a hint, no stack. */
export class UsageError extends Error {
  public constructor(
    message: string,
    public readonly hint?: string,
    public readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
