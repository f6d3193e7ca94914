import { SnapshotFormatError } from '../core/errors.ts';

/** How a snapshot file is laid out, decided from its name (or forced with `--input-format`). */
export interface TableFormat {
  /**
   * `json`: a JSON array of objects, or JSON Lines (told apart by the first character).
   * `sagemaker-capture`: SageMaker Data Capture JSON Lines (sagemaker-capture-reader.ts).
   */
  readonly kind: 'parquet' | 'csv' | 'jsonl' | 'json' | 'sagemaker-capture';
  /** Field delimiter for `.tsv` (tab); undefined means "detect from the header line". */
  readonly delimiter?: string;
  /** The name ends in `.gz`: the bytes are gunzipped before parsing. */
  readonly gzip: boolean;
}

/**
 * The formats a table file may have, each with its name (what `--input-format` takes) and the
 * extensions that mean it. The one list: accepted extensions, names and errors derive from it.
 */
const TABLE_FORMATS = [
  { name: 'parquet', extensions: ['parquet', 'pq'], kind: 'parquet' },
  { name: 'csv', extensions: ['csv'], kind: 'csv' },
  { name: 'tsv', extensions: ['tsv'], kind: 'csv', delimiter: '\t' },
  { name: 'jsonl', extensions: ['jsonl', 'ndjson'], kind: 'jsonl' },
  { name: 'json', extensions: ['json'], kind: 'json' },
  // Only by name: its files are `.jsonl` (read as capture records when this format is named).
  { name: 'sagemaker-capture', extensions: [], kind: 'sagemaker-capture' },
] as const satisfies readonly {
  readonly name: string;
  readonly extensions: readonly string[];
  readonly kind: TableFormat['kind'];
  readonly delimiter?: string;
}[];

/** A format's name, as `--input-format` takes it. */
export type TableFormatName = (typeof TABLE_FORMATS)[number]['name'];

export const TABLE_FORMAT_NAMES: readonly TableFormatName[] = TABLE_FORMATS.map((format) => format.name);

/**
 * The formats a monitor's `format` may name: `auto` (each file by its extension) or a format of
 * the list. Only `sagemaker-capture` changes how files are read; the others are checked against
 * each file's extension.
 */
export const INPUT_FORMATS = ['auto', ...TABLE_FORMAT_NAMES] as readonly ['auto', ...TableFormatName[]];
export type InputFormat = (typeof INPUT_FORMATS)[number];

/** The extensions we read, as shown to users in errors: text formats also gzipped. */
export const ACCEPTED_EXTENSIONS: readonly string[] = [
  ...TABLE_FORMATS.flatMap((format) => format.extensions.map((extension) => `.${extension}`)),
  ...TABLE_FORMATS.filter((format) => format.kind !== 'parquet').flatMap((format) =>
    format.extensions.map((extension) => `.${extension}.gz`),
  ),
];

function layoutOf(format: (typeof TABLE_FORMATS)[number]): Omit<TableFormat, 'gzip'> {
  return 'delimiter' in format ? { kind: format.kind, delimiter: format.delimiter } : { kind: format.kind };
}

/**
 * Detects the format from a file or object name (case-insensitive; a query string or
 * fragment after the name is ignored). A `forced` format name (`--input-format`) replaces the
 * extension: any name is read as that format, gunzipped when it ends in `.gz`.
 * @throws SnapshotFormatError for an unknown extension or a gzipped Parquet name.
 */
export function detectFormat(name: string, forced?: TableFormatName): TableFormat {
  const base = name.replace(/[?#].*$/, '').replace(/^.*[/\\]/, '');
  const parts = base.toLowerCase().split('.');
  const forcedFormat = TABLE_FORMATS.find((format) => format.name === forced);
  const gzip = parts.length > (forcedFormat ? 1 : 2) && parts[parts.length - 1] === 'gz';
  const extension = parts.length > 1 ? parts[parts.length - (gzip ? 2 : 1)] : '';
  const byExtension = TABLE_FORMATS.find((candidate) =>
    (candidate.extensions as readonly string[]).includes(extension),
  );
  // Capture mode reads JSON Lines files as capture records and other tables (a CSV training
  // baseline beside capture files) by their extension.
  const format =
    forcedFormat?.kind === 'sagemaker-capture' && byExtension !== undefined && byExtension.kind !== 'jsonl'
      ? byExtension
      : (forcedFormat ?? byExtension);
  if (format === undefined) {
    throw new SnapshotFormatError(
      name,
      null,
      `unknown file type; accepted extensions are ${ACCEPTED_EXTENSIONS.join(', ')} (driftwatch check --input-format <${TABLE_FORMAT_NAMES.join(', ')}> reads any other name)`,
    );
  }
  if (format.kind === 'parquet' && gzip) {
    throw new SnapshotFormatError(
      name,
      null,
      'gzipped Parquet is not supported: Parquet compresses its own pages, so write it uncompressed on the outside (e.g. COMPRESSION zstd inside the file) and drop the .gz',
    );
  }
  return { ...layoutOf(format), gzip };
}

/** A format name as a user typed it (any case), or undefined. */
export function tableFormatNamed(name: string): TableFormatName | undefined {
  return TABLE_FORMAT_NAMES.find((known) => known === name.toLowerCase());
}
