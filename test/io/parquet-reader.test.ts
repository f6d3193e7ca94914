import { describe, expect, it } from 'vitest';
import { SnapshotFormatError } from '../../lambdas/core/errors.ts';
import { LocalFileSource } from '../../lambdas/io/local-file-source.ts';
import { ParquetReader } from '../../lambdas/io/parquet-reader.ts';
import { collect, expectedCell, fixture, readTruth } from './fixture-truth.ts';

// Truth files are written by DuckDB from the same table (test/fixtures/make_fixtures.ts);
// temporal columns are epoch ms computed by DuckDB. Numbers must match exactly (Object.is:
// NaN equals NaN, -0 differs from 0).
const duckTruth = readTruth(fixture('parquet', 'duckdb.truth.json.gz'));
const writerTruth = readTruth(fixture('parquet', 'hyparquet-writer.truth.json.gz'));

async function open(
  name: string,
  ...dir: string[]
): Promise<{ reader: ParquetReader; source: LocalFileSource }> {
  const source = new LocalFileSource(fixture(...(dir.length ? dir : ['parquet']), name), name);
  return { reader: await ParquetReader.open(source), source };
}

function expectColumnsMatchTruth(columns: Map<string, unknown[]>, truth: Record<string, unknown>[]): void {
  const names = Object.keys(truth[0]);
  expect([...columns.keys()]).toEqual(names);
  for (const name of names) {
    const actual = columns.get(name)!;
    expect(actual.length, `rows of ${name}`).toBe(truth.length);
    for (let row = 0; row < truth.length; row++) {
      const expected = expectedCell(truth[row][name]);
      const value = actual[row];
      if (!Object.is(value, expected)) expect(value, `column "${name}" row ${row + 1}`).toBe(expected);
    }
  }
}

const CODECS = ['zstd', 'gzip', 'snappy', 'brotli', 'lz4_raw', 'uncompressed', 'v2-zstd'];

describe('ParquetReader', () => {
  it.each(CODECS)('reads every type of the %s DuckDB file exactly as DuckDB does', async (codec) => {
    const { reader } = await open(`duckdb-${codec}.parquet`);
    const { columns } = await collect(reader);
    expectColumnsMatchTruth(columns, duckTruth);
  });

  it('declares the source type of each Parquet type', async () => {
    const { reader } = await open('duckdb-zstd.parquet');
    expect(await reader.schema()).toEqual([
      { name: 'id', sourceType: 'integer' },
      { name: 'i32', sourceType: 'integer' },
      { name: 'i64', sourceType: 'integer' },
      { name: 'dbl', sourceType: 'double' },
      { name: 'flt', sourceType: 'double' },
      { name: 'flag', sourceType: 'boolean' },
      { name: 'category', sourceType: 'string' },
      { name: 'amount', sourceType: 'decimal' },
      { name: 'day', sourceType: 'date' },
      { name: 'ts', sourceType: 'timestamp' },
      { name: 'tstz', sourceType: 'timestamp' },
      { name: 'ts_ms', sourceType: 'timestamp' },
      { name: 'ts_ns', sourceType: 'timestamp' },
    ]);
  });

  it('returns typed columns with null masks and keeps NaN and infinities as numbers', async () => {
    const { reader } = await open('duckdb-snappy.parquet');
    const [first] = (await collect(reader)).batches;
    const dbl = first.columns.get('dbl')!;
    expect(dbl.type).toBe('number');
    if (dbl.type !== 'number') return;
    expect(dbl.values).toBeInstanceOf(Float64Array);
    // Rows 0 and 13 are null (i % 13 === 0); rows 5, 6, 7 are NaN, +Inf, -Inf.
    expect(dbl.nulls?.[0]).toBe(1);
    expect(dbl.nulls?.[13]).toBe(1);
    expect(dbl.nulls?.[5]).toBe(0);
    expect(Number.isNaN(dbl.values[5])).toBe(true);
    expect(dbl.values[6]).toBe(Number.POSITIVE_INFINITY);
    expect(dbl.values[7]).toBe(Number.NEGATIVE_INFINITY);
    expect(first.columns.get('flag')?.type).toBe('boolean');
    // Dictionary-encoded chunks arrive as codes + dictionary from the typed page decoder.
    expect(['string', 'dictionary']).toContain(first.columns.get('category')?.type);
  });

  it('yields one batch per row group with 1-based first rows', async () => {
    const { reader } = await open('duckdb-zstd.parquet');
    const { batches } = await collect(reader);
    expect(batches.map((b) => [b.firstRow, b.rowCount])).toEqual([
      [1, 2048],
      [2049, 52],
    ]);
    expect(batches.every((b) => b.source === 'duckdb-zstd.parquet')).toBe(true);
  });

  it('reads a hyparquet-writer file of eight row groups as DuckDB reads it', async () => {
    const { reader } = await open('hyparquet-writer-snappy.parquet');
    const { batches, columns } = await collect(reader);
    expect(batches.map((b) => b.firstRow)).toEqual([1, 129, 257, 385, 513, 641, 769, 897]);
    expectColumnsMatchTruth(columns, writerTruth);
  });

  it('fetches only the footer and the projected column chunks', async () => {
    const { reader, source } = await open('duckdb-uncompressed.parquet');
    const size = await source.size();
    const { columns } = await collect(reader, ['flag']);
    expect([...columns.keys()]).toEqual(['flag']);
    expect(columns.get('flag')).toEqual(duckTruth.map((row) => row.flag));
    // The boolean chunks are a few hundred bytes of a 160 kB file.
    expect(source.bytesRead).toBeLessThan(size / 20);
  });

  it('rejects a projection naming a column the file lacks', async () => {
    const { reader } = await open('duckdb-zstd.parquet');
    await expect(collect(reader, ['id', 'agee'])).rejects.toThrow(
      'duckdb-zstd.parquet: no column named "agee"; the file has "id", "i32", "i64", "dbl", "flt", "flag", "category", "amount", "day", "ts", "tstz", "ts_ms", "ts_ns"',
    );
  });
});

describe('ParquetReader on nested and unsupported columns', () => {
  it('yields lists and structs as their JSON text, as DuckDB to_json writes them', async () => {
    const { reader } = await open('duckdb-nested.parquet');
    const schema = await reader.schema();
    expect(schema.filter((c) => c.name !== 'iv')).toEqual([
      { name: 'i', sourceType: 'integer' },
      { name: 'l', sourceType: 'string' },
      { name: 's', sourceType: 'string' },
      { name: 'ln', sourceType: 'string' },
    ]);
    const truth = readTruth(fixture('parquet', 'duckdb-nested.truth.json'));
    const { columns } = await collect(reader, ['i', 'l', 's', 'ln']);
    for (const name of ['i', 'l', 's', 'ln']) {
      expect(columns.get(name), name).toEqual(truth.map((row) => row[name]));
    }
  });

  it('says an INTERVAL column cannot be read, rather than calling the file corrupt', async () => {
    const { reader } = await open('duckdb-nested.parquet');
    const errors: string[] = [];
    for await (const batch of reader.batches(['iv'])) errors.push(...(batch.columnErrors?.values() ?? []));
    expect(errors[0]).toBe(
      'duckdb-nested.parquet row group 0, column "iv": this column\'s type cannot be read (parquet interval not supported); exclude the column from the monitor',
    );
  });
});

describe('ParquetReader on broken files', () => {
  const cases: [string, string][] = [
    ['empty.parquet', 'empty.parquet: the file is empty (0 bytes); expected a Parquet file'],
    [
      'not-parquet.parquet',
      'not-parquet.parquet: not a Parquet file: it does not start with the magic bytes PAR1',
    ],
    [
      'truncated.parquet',
      'truncated.parquet footer: the file does not end with the magic bytes PAR1; it is truncated (incomplete upload?) or not Parquet',
    ],
    [
      'bad-footer-length.parquet',
      'bad-footer-length.parquet footer: the footer claims 166872 bytes of metadata but the file has only 83436; the file is corrupt',
    ],
  ];
  it.each(cases)('rejects %s with a message naming the problem', async (name, message) => {
    const opening = open(name, 'bad');
    await expect(opening).rejects.toThrow(SnapshotFormatError);
    await expect(opening).rejects.toThrow(message);
  });

  it('rejects a corrupt footer at open, keeping the library error as the cause', async () => {
    const error = await open('corrupt-footer.parquet', 'bad').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnapshotFormatError);
    const formatError = error as SnapshotFormatError;
    expect(formatError.source).toBe('corrupt-footer.parquet');
    expect(formatError.location).toBe('footer');
    expect(formatError.problem).toMatch(/^the metadata cannot be read; the file is corrupt \(.+\)$/);
    expect(formatError.cause).toBeInstanceOf(Error);
  });

  it('reports a corrupt data page as an error of its column, naming the row group, and reads the rest', async () => {
    const { reader } = await open('corrupt-page.parquet', 'bad');
    const errors: string[] = [];
    let i32Cells = 0;
    for await (const batch of reader.batches()) {
      errors.push(...(batch.columnErrors?.values() ?? []));
      expect(batch.columns.has('dbl')).toBe(batch.columnErrors?.has('dbl') !== true);
      i32Cells += batch.columns.get('i32') ? batch.rowCount : 0;
    }
    expect(errors[0]).toMatch(
      /^corrupt-page\.parquet row group 0, column "dbl": the column data cannot be decoded; the file is corrupt \(.+\)$/,
    );
    expect(i32Cells).toBe(duckTruth.length);
  });

  it('reads the other columns of a file whose corrupt page is in a column left out', async () => {
    const { reader } = await open('corrupt-page.parquet', 'bad');
    const { columns } = await collect(reader, ['i32']);
    expect(columns.get('i32')).toEqual(duckTruth.map((row) => row.i32));
  });
});
