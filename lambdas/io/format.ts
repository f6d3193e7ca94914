import { SnapshotFormatError } from '../core/errors.ts';

/**
 * The input formats a monitor (`format`) or the CLI may name: `auto` decides per file by its
 * extension; `sagemaker-capture` reads SageMaker Data Capture JSON Lines
 * (`sagemaker-capture-reader.ts`). The one list every option and schema derives from.
 */
export const INPUT_FORMATS = ['auto', 'parquet', 'csv', 'jsonl', 'sagemaker-capture'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

/** How a snapshot file is laid out, decided from its name. */
export interface TableFormat {
  readonly kind: 'parquet' | 'csv' | 'jsonl';
  /** Field delimiter for `.tsv` (tab); undefined means "detect from the header line". */
  readonly delimiter?: string;
  /** The name ends in `.gz`: the bytes are gunzipped before parsing. */
  readonly gzip: boolean;
}

/** The extensions we read, as shown to users in errors. */
export const ACCEPTED_EXTENSIONS = [
  '.parquet',
  '.pq',
  '.csv',
  '.tsv',
  '.jsonl',
  '.ndjson',
  '.csv.gz',
  '.tsv.gz',
  '.jsonl.gz',
  '.ndjson.gz',
] as const;

const BY_EXTENSION: Readonly<Record<string, Omit<TableFormat, 'gzip'>>> = {
  parquet: { kind: 'parquet' },
  pq: { kind: 'parquet' },
  csv: { kind: 'csv' },
  tsv: { kind: 'csv', delimiter: '\t' },
  jsonl: { kind: 'jsonl' },
  ndjson: { kind: 'jsonl' },
};

/**
 * Detects the format from a file or object name (case-insensitive; a query string or
 * fragment after the name is ignored).
 * @throws SnapshotFormatError for an unknown extension or a gzipped Parquet name.
 */
export function detectFormat(name: string): TableFormat {
  const base = name.replace(/[?#].*$/, '').replace(/^.*[/\\]/, '');
  const parts = base.toLowerCase().split('.');
  const gzip = parts.length > 2 && parts[parts.length - 1] === 'gz';
  const extension = parts.length > 1 ? parts[parts.length - (gzip ? 2 : 1)] : '';
  const format = BY_EXTENSION[extension];
  if (format === undefined) {
    throw new SnapshotFormatError(
      name,
      null,
      `unknown file type; accepted extensions are ${ACCEPTED_EXTENSIONS.join(', ')}`,
    );
  }
  if (format.kind === 'parquet' && gzip) {
    throw new SnapshotFormatError(
      name,
      null,
      'gzipped Parquet is not supported: Parquet compresses its own pages, so write it uncompressed on the outside (e.g. COMPRESSION zstd inside the file) and drop the .gz',
    );
  }
  return { ...format, gzip };
}
