/**
 * The base of every error whose message a person can act on: it names the file, field, resource
 * or limit and the problem. The CLI prints such a message as it is (cli/describe-error.ts); any
 * other error is reported as unexpected. Signals that never leave the code that throws them (a
 * reader's fallback to a library path, a worker that could not start) are not of this kind.
 */
export class DriftwatchError extends Error {
  override readonly name: string = 'DriftwatchError';
}

/**
 * Bad input that the user can fix. The message names the file, where in it, and the
 * problem, e.g. `data/cur.csv row 1042: expected 12 fields, found 11`.
 */
export class SnapshotFormatError extends DriftwatchError {
  override readonly name = 'SnapshotFormatError';
  constructor(
    readonly source: string,
    readonly location: string | null,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${source}${location ? ` ${location}` : ''}: ${problem}`, options);
  }
}

/** A configuration or option the user gave that cannot work (bad method id, threshold...). */
export class UsageError extends DriftwatchError {
  override readonly name = 'UsageError';
}
