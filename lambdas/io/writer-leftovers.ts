/**
 * Files that Spark, Hadoop and similar writers leave beside part files. Only these are skipped;
 * any other file is an error rather than silently ignored data. `_metadata` and
 * `_common_metadata` are Parquet summary files (footers only), also written beside parts.
 */
export function isWriterLeftover(name: string): boolean {
  return (
    name === '_SUCCESS' ||
    name === '_metadata' ||
    name === '_common_metadata' ||
    name.startsWith('_committed_') ||
    name.startsWith('_started_') ||
    name.endsWith('.crc') ||
    name.startsWith('.')
  );
}
