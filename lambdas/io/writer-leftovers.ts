/**
 * Files that Spark, Hadoop and similar writers leave beside part files. `_metadata` and
 * `_common_metadata` are Parquet summary files (footers only), also written beside parts.
 */
export function isWriterMarker(name: string): boolean {
  return (
    name === '_SUCCESS' ||
    name === '_metadata' ||
    name === '_common_metadata' ||
    name.startsWith('_committed_') ||
    name.startsWith('_started_') ||
    name.endsWith('.crc')
  );
}

/**
 * Files skipped beside part files: writer markers, and hidden files (`.DS_Store`, an editor's
 * swap file), which no writer means as data. Any other file is an error rather than silently
 * ignored data.
 */
export function isWriterLeftover(name: string): boolean {
  return isWriterMarker(name) || name.startsWith('.');
}
