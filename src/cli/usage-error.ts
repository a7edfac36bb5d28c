/** Bad input: one line on stderr, exit code 2, never a stack trace. */
export class UsageError extends Error {}
