/**
 * Bad input that the user can fix. The message names the file, where in it, and the
 * problem, e.g. `data/cur.csv row 1042: expected 12 fields, found 11`.
 */
export class SnapshotFormatError extends Error {
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
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
