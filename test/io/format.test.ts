import { describe, expect, it } from 'vitest';
import { SnapshotFormatError } from '../../lambdas/core/errors.ts';
import { detectFormat, TABLE_FORMAT_NAMES } from '../../lambdas/io/format.ts';

describe('detectFormat', () => {
  it.each([
    ['a/b/snap.parquet', { kind: 'parquet', gzip: false }],
    ['snap.PQ', { kind: 'parquet', gzip: false }],
    ['s3://bucket/m/part-0.csv', { kind: 'csv', gzip: false }],
    ['x.csv.gz', { kind: 'csv', gzip: true }],
    ['x.tsv', { kind: 'csv', delimiter: '\t', gzip: false }],
    ['x.tsv.gz', { kind: 'csv', delimiter: '\t', gzip: true }],
    ['x.jsonl', { kind: 'jsonl', gzip: false }],
    ['x.ndjson.gz', { kind: 'jsonl', gzip: true }],
    ['https://h/x.jsonl?sig=a.b', { kind: 'jsonl', gzip: false }],
  ])('recognises %s', (name, format) => {
    expect(detectFormat(name)).toEqual(format);
  });

  it.each([
    ['export.txt', 'csv', { kind: 'csv', gzip: false }],
    ['export.gz', 'tsv', { kind: 'csv', delimiter: '\t', gzip: true }],
    ['dump', 'json', { kind: 'json', gzip: false }],
    ['data.csv', 'jsonl', { kind: 'jsonl', gzip: false }],
  ] as const)('reads %s as the format named (%s) whatever its name', (name, forced, format) => {
    expect(detectFormat(name, forced)).toEqual(format);
  });

  it('reads .json as JSON (an array of objects or JSON Lines)', () => {
    expect(detectFormat('records.json')).toEqual({ kind: 'json', gzip: false });
    expect(detectFormat('records.json.gz')).toEqual({ kind: 'json', gzip: true });
  });

  it.each(['data.xlsx', 'README', 'x.gz', 'archive.tar.gz', 'dir.csv/notes'])(
    'rejects %s listing the accepted extensions',
    (name) => {
      const error = (() => {
        try {
          detectFormat(name);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(SnapshotFormatError);
      expect((error as Error).message).toBe(
        `${name}: unknown file type; accepted extensions are .parquet, .pq, .csv, .tsv, .jsonl, .ndjson, .json, .csv.gz, .tsv.gz, .jsonl.gz, .ndjson.gz, .json.gz (driftwatch check --input-format <${TABLE_FORMAT_NAMES.join(', ')}> reads any other name)`,
      );
    },
  );

  it('rejects gzipped Parquet with the reason', () => {
    expect(() => detectFormat('snapshot.parquet.gz')).toThrow(
      'snapshot.parquet.gz: gzipped Parquet is not supported: Parquet compresses its own pages',
    );
  });
});
