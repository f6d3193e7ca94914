import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../lambdas/core/errors.ts';
import type { ByteSource } from '../../lambdas/io/byte-source.ts';
import { localSources } from '../../lambdas/io/local-files.ts';
import { openTable } from '../../lambdas/io/open-table.ts';
import { collect, expectedCell, fixture, readTruth } from './fixture-truth.ts';

function memory(name: string, text: string): ByteSource {
  const bytes = new TextEncoder().encode(text);
  return {
    name,
    size: async () => bytes.byteLength,
    readRange: async (start, end) => bytes.slice(start, end).buffer,
    async *stream() {
      yield bytes;
    },
  };
}

describe('localSources', () => {
  it("lists a folder's part files by name, skipping _SUCCESS and .crc files", async () => {
    const sources = await localSources(fixture('parts', 'parquet'));
    expect(sources.map((s) => s.name)).toEqual(
      [0, 1, 2].map((i) => fixture('parts', 'parquet', `part-0000${i}-7f3a.snappy.parquet`)),
    );
  });

  it('returns a single file as one source', async () => {
    const sources = await localSources(fixture('csv', 'comma.csv'));
    expect(sources.map((s) => s.name)).toEqual([fixture('csv', 'comma.csv')]);
  });

  it('rejects an unknown file among the parts instead of skipping it', async () => {
    await expect(localSources(fixture('bad', 'parts-unexpected-file'))).rejects.toThrow(
      `${fixture('bad', 'parts-unexpected-file', 'notes.txt')}: unknown file type; accepted extensions are`,
    );
  });

  it('rejects a folder holding only marker files', async () => {
    await expect(localSources(fixture('bad', 'parts-markers-only'))).rejects.toThrow(
      `${fixture('bad', 'parts-markers-only')}: the folder has no data files, only writer marker files (_SUCCESS, .crc, hidden files)`,
    );
  });

  it('rejects an empty folder and a missing path', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'driftwatch-empty-'));
    try {
      await expect(localSources(empty)).rejects.toThrow(`${empty}: the folder is empty; expected data files`);
    } finally {
      rmSync(empty, { recursive: true });
    }
    await expect(localSources(fixture('nope'))).rejects.toThrow(`${fixture('nope')}: no such file or folder`);
  });

  it('rejects a nested folder', async () => {
    await expect(localSources(fixture('parts'))).rejects.toThrow(
      `${fixture('parts', 'csv')}: is a folder; nested folders`,
    );
  });
});

describe('openTable', () => {
  it('reads a folder of Parquet parts as one table, columns in the first part order', async () => {
    const reader = await openTable(await localSources(fixture('parts', 'parquet')));
    expect((await reader.schema()).map((c) => c.name)).toEqual(['id', 'i32', 'dbl', 'category']);
    const { batches, columns } = await collect(reader);
    expect(batches.map((b) => [b.source.slice(-30), b.firstRow, b.rowCount])).toEqual([
      ['part-00000-7f3a.snappy.parquet', 1, 700],
      ['part-00001-7f3a.snappy.parquet', 1, 700],
      ['part-00002-7f3a.snappy.parquet', 1, 700],
    ]);
    expect(batches.every((b) => [...b.columns.keys()].join() === 'id,i32,dbl,category')).toBe(true);
    // Truth: DuckDB's JSON of the same rows (test/fixtures/make_fixtures.ts).
    const truth = readTruth(fixture('parts', 'parquet.truth.json.gz'));
    for (const name of ['id', 'i32', 'dbl', 'category']) {
      expect(columns.get(name), name).toEqual(truth.map((row) => expectedCell(row[name])));
    }
  });

  it('reads a folder of CSV parts as one table', async () => {
    const reader = await openTable(await localSources(fixture('parts', 'csv')));
    const truth = JSON.parse(readFileSync(fixture('parts', 'csv.truth.json'), 'utf8')) as {
      columns: string[];
      rows: unknown[][];
    };
    const { columns } = await collect(reader);
    truth.columns.forEach((name, k) => {
      expect(columns.get(name), name).toEqual(truth.rows.map((row) => row[k]));
    });
  });

  it('names the part whose columns differ from the first', async () => {
    const sources = await localSources(fixture('bad', 'parts-mismatch'));
    await expect(openTable(sources)).rejects.toThrow(
      `${fixture('bad', 'parts-mismatch', 'part-00001.csv')}: its columns differ from ${fixture('bad', 'parts-mismatch', 'part-00000.csv')}: it lacks "label" and has "colour" in addition; all part files of a table must have the same columns`,
    );
  });

  it('names the part whose format differs from the first', async () => {
    await expect(openTable([memory('a.csv', 'x\n1\n'), memory('b.jsonl', '{"x":1}\n')])).rejects.toThrow(
      'b.jsonl: is JSON Lines but a.csv is CSV; all part files of a table must have the same format',
    );
  });

  it('accepts parts that differ only in being gzipped, and passes CSV options on', async () => {
    const { gzipSync } = await import('node:zlib');
    const zipped: ByteSource = {
      name: 'b.csv.gz',
      size: async () => 0,
      readRange: async () => new ArrayBuffer(0),
      async *stream() {
        yield gzipSync('y;x\n-;4\n');
      },
    };
    const reader = await openTable([memory('a.csv', 'x;y\n1;2\n'), zipped], {
      delimiter: ';',
      nullTokens: ['-'],
    });
    expect((await collect(reader)).columns).toEqual(
      new Map([
        ['x', ['1', '4']],
        ['y', ['2', null]],
      ]),
    );
  });

  it('rejects a Parquet-named file without the Parquet magic, and no files at all', async () => {
    await expect(openTable([memory('x.parquet', 'id,name\n1,alpha\n')])).rejects.toThrow(
      'x.parquet: not a Parquet file: it does not start with the magic bytes PAR1',
    );
    await expect(openTable([])).rejects.toThrow(UsageError);
  });
});
