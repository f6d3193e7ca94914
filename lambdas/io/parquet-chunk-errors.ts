/** The page decoder met something it does not handle; the caller reads the chunk through hyparquet. */
export class UnsupportedByFastPath extends Error {
  override readonly name = 'UnsupportedByFastPath';
}

/**
 * A column chunk's bytes contradict themselves or the footer (sizes, counts, runs, a missing
 * dictionary). Reported as the column's read error; never handed to hyparquet to decode again
 * (it would spend time and memory on the same damage, or read dictionary codes as values).
 */
export class CorruptColumnChunk extends Error {
  override readonly name = 'CorruptColumnChunk';
}
