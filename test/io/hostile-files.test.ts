import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordBatch } from '../../lambdas/core/columns.ts';
import { SnapshotFormatError } from '../../lambdas/core/errors.ts';
import { LocalFileSource } from '../../lambdas/io/local-file-source.ts';
import { openTable } from '../../lambdas/io/open-table.ts';
import type { ReadLimits } from '../../lambdas/io/read-limits.ts';
import {
  csvGzLongLine,
  csvWide,
  gzipBomb,
  jsonLinesLongLine,
  jsonLinesNested,
  jsonLinesNewKeyPerLine,
  parquetDictionaryRemoved,
  parquetFastPageValuesRaised,
  parquetNamelessSchemaElement,
  parquetPageValuesRaised,
  parquetRowGroupRows,
  parquetZstdBomb,
  ROWS,
} from '../fuzz/hostile-inputs.ts';

// Each crafted input comes from test/fuzz/hostile-inputs.ts (a stated edit of a valid file).
let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dw-hostile-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function read(
  name: string,
  bytes: Uint8Array | string,
  limits?: Partial<ReadLimits>,
): Promise<{ batches: RecordBatch[]; errors: Map<string, string> } | { error: unknown }> {
  const path = join(folder, name);
  await writeFile(path, bytes);
  try {
    const reader = await openTable([new LocalFileSource(path, name)], { limits });
    const batches: RecordBatch[] = [];
    const errors = new Map<string, string>();
    for await (const batch of reader.batches()) {
      batches.push(batch);
      for (const [column, message] of batch.columnErrors ?? []) errors.set(column, message);
    }
    return { batches, errors };
  } catch (error) {
    return { error };
  }
}

async function readError(
  name: string,
  bytes: Uint8Array | string,
  limits?: Partial<ReadLimits>,
): Promise<string> {
  const result = await read(name, bytes, limits);
  if (!('error' in result)) throw new Error(`${name} was read without error`);
  expect(result.error).toBeInstanceOf(SnapshotFormatError);
  return (result.error as Error).message;
}

async function columnErrors(name: string, bytes: Uint8Array): Promise<Map<string, string>> {
  const result = await read(name, bytes);
  if ('error' in result) throw result.error;
  return result.errors;
}

describe('Parquet files whose counts and sizes lie', () => {
  it("names the page whose num_values exceeds its chunk's, instead of letting hyparquet grow an array by it", async () => {
    const errors = await columnErrors('raised.parquet', parquetPageValuesRaised(1200));
    expect(errors.get('flag')).toMatch(
      /^raised\.parquet row group 0, column "flag": .*declares 1200 values with 600 of the chunk's 600 left/,
    );
    expect(errors.size).toBe(1);
  });

  it('names a page of the typed decoder that declares more values than the row group has rows', async () => {
    const errors = await columnErrors('raised-fast.parquet', parquetFastPageValuesRaised(2 ** 31 - 1));
    expect(errors.get('score')).toMatch(
      /column "score": .*declares 2147483647 values with 600 of the row group's 600 rows left/,
    );
  });

  it('rejects a negative row-group row count at the footer, naming the file', async () => {
    expect(await readError('negative.parquet', parquetRowGroupRows(-5))).toMatch(
      /^negative\.parquet footer: .*row group 0 declares -5 rows/,
    );
  });

  it('rejects a row count the bytes cannot hold before allocating for it', async () => {
    expect(await readError('rows.parquet', parquetRowGroupRows(200_000_000))).toMatch(
      /^rows\.parquet footer: .*row group 0 declares 200000000 rows in \d+ bytes of column data/,
    );
  });

  it('rejects a schema element without a name, naming the file', async () => {
    expect(await readError('nameless.parquet', parquetNamelessSchemaElement())).toMatch(
      /^nameless\.parquet footer: .*schema element 2 has no name/,
    );
  });

  it('reports an INT32 column whose dictionary page is gone as unreadable, never as its codes', async () => {
    const errors = await columnErrors('no-dictionary.parquet', parquetDictionaryRemoved());
    expect(errors.get('id')).toMatch(/column "id": .*dictionary-encoded values but no dictionary page/);
  });

  it('stops a ZSTD page at its declared size (a 128 MiB window, 25 MiB of RLE blocks for 4,800 bytes)', async () => {
    const errors = await columnErrors('zstd.parquet', parquetZstdBomb(200));
    expect(errors.get('score')).toMatch(
      /column "score": .*zstd page inflates past its declared size \(4800 bytes\)/,
    );
    expect(errors.size).toBe(1);
  });

  it('still reads the valid file the crafted ones are made from', async () => {
    const { validParquet } = await import('../fuzz/hostile-inputs.ts');
    const result = await read('valid.parquet', validParquet());
    if ('error' in result) throw result.error;
    expect(result.errors.size).toBe(0);
    expect(result.batches.reduce((n, b) => n + b.rowCount, 0)).toBe(ROWS);
  });
});

describe('text inputs past the ceilings', () => {
  it('ends a .csv.gz header line longer than maxLineBytes with an error naming the file', async () => {
    expect(await readError('long.csv.gz', csvGzLongLine(3 << 20), { maxLineBytes: 1 << 20 })).toMatch(
      /^long\.csv\.gz header: the header line is longer than 1048576 bytes/,
    );
  });

  it('ends a JSON Lines line longer than maxLineBytes with an error naming the line', async () => {
    expect(await readError('long.jsonl', jsonLinesLongLine(3 << 20), { maxLineBytes: 1 << 20 })).toMatch(
      /^long\.jsonl line 1: the line is longer than 1048576 bytes/,
    );
  });

  it('ends an unclosed CSV quote longer than maxLineBytes with an error naming the row', async () => {
    const text = `a,b\n1,"${'x\n'.repeat(1 << 20)}`;
    expect(await readError('quote.csv', text, { maxLineBytes: 1 << 20 })).toMatch(
      /^quote\.csv row 1: the row is longer than the limit on a record/,
    );
  });

  it('reads JSON Lines with a new key on every line, each key a column, up to the column ceiling', async () => {
    const result = await read('keys.jsonl', jsonLinesNewKeyPerLine(3000));
    if ('error' in result) throw result.error;
    expect(new Set(result.batches.flatMap((b) => [...b.columns.keys()])).size).toBe(3000);
    expect(result.batches.reduce((n, b) => n + b.rowCount, 0)).toBe(3000);
    expect(await readError('many-keys.jsonl', jsonLinesNewKeyPerLine(3000), { maxColumns: 1000 })).toMatch(
      /^many-keys\.jsonl line 1001: key "k1000" would be column 1001; at most 1000 columns/,
    );
  });

  it('ends 20,000 nesting levels with an error instead of a stack overflow', async () => {
    expect(await readError('deep.jsonl', jsonLinesNested(20_000))).toMatch(
      /^deep\.jsonl line 1: the value of "a" nests deeper than 64 levels/,
    );
  });

  it('ends a CSV of 100,000 columns with an error naming the ceiling', async () => {
    expect(await readError('wide.csv', csvWide(100_000, 5))).toMatch(
      /^wide\.csv header: 100000 columns; at most 10000 are read/,
    );
  });

  it('ends a gzip input inflating past the ratio ceiling', async () => {
    const bomb = gzipBomb(8 << 20);
    expect(bomb.length).toBeLessThan(64 << 10);
    expect(await readError('bomb.csv.gz', bomb, { inflationGraceBytes: 1 << 20 })).toMatch(
      /^bomb\.csv\.gz: the gzip stream inflates \d+ bytes from \d+ \(more than 200:1/,
    );
  });
});
